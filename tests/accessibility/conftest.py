"""Browser for the accessibility-check tests: Debian's Chromium, as in tests/e2e (no app needed)."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Chromium not found: `make test` installs it (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": chromium,
            "args": ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}
