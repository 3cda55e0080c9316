"""The real assistant for tests: Rasa server + action server (+ the app's REST API they read).

They are started once per test session, by the first test that needs them. `.ci/test.sh`
reserves their ports beforehand and exports ``RASA_URL`` / ``RASA_TOKEN``, so the end-to-end
app it starts talks to them; run alone (``pytest tests/bot``), free ports are picked here.
The model is trained first if its inputs changed (a few minutes, once), and the tests wait
for ``GET /status`` to report it loaded (about a minute). Everything stops at exit.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 600  # first run on a fresh clone trains the model (~4 min) then loads it (~1 min)


@dataclass(frozen=True)
class Bot:
    rasa_url: str
    token: str
    run_dir: Path  # logs, pids and the SQLite tracker store (trackers-0.db)


_BOT: Bot | None = None


def run_async(coro):
    """Run a coroutine to completion on its own loop in a worker thread (the main thread may
    already run a loop: pytest-playwright's sync API keeps one for the whole session)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str, timeout: float = 5) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return json.loads(r.read())
    except (OSError, ValueError):
        return None


def wait_ready(bot: Bot, timeout: float = READY_TIMEOUT_S, log: Path | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        status = _get_json(f"{bot.rasa_url}/status?token={bot.token}")
        if status and status.get("model_id"):
            return
        time.sleep(2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise RuntimeError(f"Rasa at {bot.rasa_url} not ready after {timeout:.0f}s\n{tail}")


def warm_app_api(api_url: str, timeout: float = READY_TIMEOUT_S) -> None:
    """Wait for one answer from the app API the actions read. Why: its first answer loads the
    knowledge base and builds the engines, which on a loaded machine takes longer than the action
    server waits for the app (``APP_API_TIMEOUT_S``, 5 s); the first test's turns then got
    "查不到办事指南" instead of the answer (tests/bot/test_answer_conversations.py, first test)."""
    body = json.dumps({"q": "尊老金怎么领"}).encode()
    deadline = time.time() + timeout
    while time.time() < deadline:
        req = urllib.request.Request(f"{api_url}/api/answer", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=max(1.0, deadline - time.time())) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(2)
    raise RuntimeError(f"the app API at {api_url} gave no answer within {timeout:.0f}s")


def _start() -> Bot:
    """Start the app API (for the actions), the action server and Rasa.

    Under .ci/test.sh the ports, token and run folder were reserved and exported (so the
    end-to-end app already knows RASA_URL); run alone, free ones are picked here.
    """
    reserved = os.environ.get("BOT_RESERVED_BY") == "test.sh"
    if reserved:
        run_dir = Path(os.environ["BOT_RUN"])
        api_port, rasa_port = int(os.environ["BOT_API_PORT"]), int(os.environ["RASA_PORT"])
        actions_port, token = int(os.environ["RASA_ACTIONS_PORT"]), os.environ["RASA_TOKEN"]
    else:
        run_dir = Path(tempfile.mkdtemp(prefix="bot-test-", dir=ROOT / ".data"))
        api_port, rasa_port, actions_port = free_port(), free_port(), free_port()
        token = os.urandom(12).hex()
    env = {**os.environ, "BOT_RUN": str(run_dir), "RASA_PORT": str(rasa_port), "RASA_PROCESSES": "1",
           "RASA_ACTIONS_PORT": str(actions_port), "RASA_TOKEN": token,
           "APP_API_URL": f"http://127.0.0.1:{api_port}"}
    api_log = open(run_dir / "api.log", "w")
    api = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "granian"), "--interface", "asgi", "--factory", "--host", "127.0.0.1",
         "--port", str(api_port), "app.api.main:build_api"],
        cwd=ROOT, env=env, stdout=api_log, stderr=subprocess.STDOUT, start_new_session=True)
    (run_dir / "api.pid").write_text(str(api.pid))

    def stop() -> None:
        subprocess.run(["bash", ".ci/bot.sh", "stop"], cwd=ROOT, env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            os.killpg(api.pid, signal.SIGTERM)
            api.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        if not reserved:
            shutil.rmtree(run_dir, ignore_errors=True)

    atexit.register(stop)
    subprocess.run(["bash", ".ci/bot.sh", "start"], cwd=ROOT, env=env, check=True)
    bot = Bot(f"http://127.0.0.1:{rasa_port}", token, run_dir)
    os.environ["RASA_URL"], os.environ["RASA_TOKEN"] = bot.rasa_url, token
    wait_ready(bot, log=run_dir / "logs" / "rasa-0.log")
    warm_app_api(env["APP_API_URL"])
    return bot


def ensure_bot() -> Bot:
    """The running assistant, started once per test session, ready to answer."""
    global _BOT
    if _BOT is None:
        _BOT = _start()
    return _BOT
