"""End-to-end fixtures: the real Reflex app (production build, one port) and Debian's Chromium.

The app is started once per test session exactly as `make run` starts it, on a free port, and
stopped afterwards. Chromium is the system binary (Playwright cannot download browsers here).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Two cores shared with a Rasa server and a production build: give the page time to answer.
expect.set_options(timeout=15_000)

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + STARTUP_TIMEOUT_S
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=5) as r:
                if r.status == 200:
                    with urllib.request.urlopen(url + "/", timeout=10) as page:
                        if page.status == 200:
                            return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the app did not answer within {STARTUP_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app_database_url(tmp_path_factory) -> str:
    """The database the e2e app uses; tests reach it for staff-side steps (e.g. 审核)."""
    return os.environ.get("E2E_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'e2e.db'}"


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, app_database_url) -> str:
    external = os.environ.get("E2E_BASE_URL")
    if external:  # test an already running product instead
        yield external.rstrip("/")
        return
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "reflex.log"
    from tests.voice.korean import e2e_app_env  # kiosk speech tests: the Korean Vosk model from PyPI

    env = {**os.environ, **e2e_app_env(), "DATABASE_URL": app_database_url}
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            ["reflex", "run", "--env", "prod", "--single-port", "--backend-port", str(port),
             "--backend-host", "127.0.0.1", "--loglevel", "warning"],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def base_url(app_url) -> str:
    return app_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Chromium not found: `make test` installs it (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A phone-sized viewport: the product is mobile first.
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "zh-CN"}
