"""Run a coroutine from a sync test even when the Playwright tests left an event loop running
in this thread (asyncio.run refuses that): run it on a fresh loop in a worker thread."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coro):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
