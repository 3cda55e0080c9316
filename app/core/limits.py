"""Sliding-window limits for anything a stranger can make the server do: send a code, queue a
request for a person, open a speech session.

Why in-process: the product runs as one process (``make run``); the per-phone limits that must
survive a restart are counted in the database (``OtpChallenge`` rows). A deployment with several
processes would put these counters in Redis — the interface stays ``allow(key)``.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class Limit:
    """At most ``count`` events per ``window_s`` seconds per key (e.g. a client address)."""

    def __init__(self, count: int, window_s: float, *, max_keys: int = 100_000):
        self.count, self.window_s, self.max_keys = count, window_s, max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one event for ``key``; False (and not counted) when the key is over its limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._hits.get(key)
            if q is None:
                if len(self._hits) >= self.max_keys:  # bounded memory: forget the idle keys first
                    self._prune(now)
                q = self._hits[key] = deque()
            while q and q[0] <= now - self.window_s:
                q.popleft()
            if len(q) >= self.count:
                return False
            q.append(now)
            return True

    def _prune(self, now: float) -> None:
        for k in [k for k, q in self._hits.items() if not q or q[-1] <= now - self.window_s]:
            del self._hits[k]
        if len(self._hits) >= self.max_keys:  # still full: everyone starts over rather than grow
            self._hits.clear()

    def reset(self) -> None:
        """For tests."""
        with self._lock:
            self._hits.clear()


#: Sign-in codes one client (address) may ask for, whatever the phones: 10 per 10 minutes.
CODES_PER_CLIENT = Limit(10, 600)
#: Requests for a person (转人工, 呼叫工作人员) one client or chat session may queue: 3 per 10 minutes.
CONTACTS_PER_CLIENT = Limit(3, 600)
#: Anonymous requests waiting in the queue at once, per channel, beyond which new ones are refused.
MAX_WAITING_ANONYMOUS = 50


def reset_all() -> None:
    CODES_PER_CLIENT.reset()
    CONTACTS_PER_CLIENT.reset()
