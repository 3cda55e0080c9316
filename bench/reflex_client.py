"""An asyncio Reflex tab: Engine.IO 4 / Socket.IO 5 frames over one websocket (``websockets``),
as the browser's frontend sends them — the load test's citizen (bench/load.py) and the drills.

It follows what the frontend does with a handler's returned events: a ``_redirect`` is a
navigation (the new page's ``hydrate_and_load`` on the same socket), a backend event
(``reflex___state____state…``) is sent next, anything else (scripts, focus, storage) is dropped.
``run`` returns when the chain is done, so one call times one user-visible page event.
The synchronous test client is tests/e2e/reflex_ws.py (same frames).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from urllib.parse import parse_qsl, urlsplit

from websockets.asyncio.client import connect

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
HYDRATE_AND_LOAD = ROOT_STATE + ".hydrate_and_load"
MAX_CHAIN = 12
#: An event that names no end is done when no update came for this long.
QUIET_S = 0.25


def _hydrated(tab: ReflexTab, _events: list[dict]) -> bool:
    """A page's hydrate-and-load is done when the root state says hydrated (its last update)."""
    return tab.get(ROOT_STATE, "is_hydrated") is True


def redirected_or_scripted(_tab: ReflexTab, events: list[dict]) -> bool:
    """A form handler is done when it navigates (saved) or runs a script (the error's focus)."""
    return any(e.get("name") in ("_redirect", "_call_script") for e in events)


def state_name(module: str, cls_snake: str) -> str:
    """The full name of a substate of the root state: ``state_name("app.ui.state", "search_state")``."""
    return f"{ROOT_STATE}.{module.replace('.', '___')}____{cls_snake}"


class ReflexError(Exception):
    """The backend refused or broke the connection, or no final update came in time."""


class ReflexTab:
    """One browser tab. ``cookie`` is sent with the websocket handshake, as the browser does."""

    def __init__(self, base_url: str, *, cookie: str = "", timeout: float = 30.0, token: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.cookie = cookie
        self.timeout = timeout
        self.token = token or str(uuid.uuid4())
        self.ws = None
        self.path = "/"
        self.route_params: dict[str, str] = {}
        self.redirects: list[str] = []
        self.state: dict[str, dict] = {}
        self.last_update = time.perf_counter()

    async def open(self) -> None:
        ws_url = self.base_url.replace("http://", "ws://").replace("https://", "wss://")
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await connect(f"{ws_url}/_event/?EIO=4&transport=websocket&token={self.token}",
                                origin=self.base_url, additional_headers=headers, open_timeout=self.timeout,
                                max_size=2 ** 24, ping_interval=None)
        opened = await asyncio.wait_for(self.ws.recv(), self.timeout)
        if not opened.startswith("0"):
            raise ReflexError(f"no Engine.IO open packet: {opened[:80]}")
        await self.ws.send(f"40{NAMESPACE},")
        while True:
            frame = await self._recv()
            if frame.startswith(f"40{NAMESPACE}"):
                return
            if frame.startswith(f"44{NAMESPACE}"):
                raise ReflexError(f"connect refused: {frame[:200]}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def __aenter__(self):
        await self.open()
        return self

    async def __aexit__(self, *exc):
        await self.close()

    async def _recv(self, timeout: float | None = None) -> str:
        while True:
            frame = await asyncio.wait_for(self.ws.recv(), timeout or self.timeout)
            if frame == "2":  # Engine.IO ping
                await self.ws.send("3")
                continue
            return frame

    def _router_data(self) -> dict:
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        query.update(self.route_params)
        data = {"pathname": parts.path, "asPath": self.path}
        if query:
            data["query"] = query
        return data

    async def _one(self, name: str, payload: dict | None, until=None) -> list[dict]:
        """Send one event; apply the deltas of the updates it brings; return the events they queue.

        The backend does not say when an event is done (the frontend never waits): it is done at
        the update ``until(tab, events)`` accepts, else when no update came for ``QUIET_S``
        (``last_update`` is then the time of the last one, which is what a person sees)."""
        body = {"name": name, "payload": payload or {}, "router_data": self._router_data()}
        await self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", body], ensure_ascii=False))
        queued: list[dict] = []
        got_one = False
        while True:
            try:
                frame = await self._recv(QUIET_S if (got_one and until is None) else self.timeout)
            except TimeoutError:
                if got_one and until is None:
                    return queued
                raise
            if not frame.startswith(f"42{NAMESPACE},"):
                if frame.startswith(("41", "44")):
                    raise ReflexError(f"disconnected: {frame[:120]}")
                continue
            kind, data = json.loads(frame[len(f"42{NAMESPACE},"):])[:2]
            if kind != "event":
                continue
            got_one, self.last_update = True, time.perf_counter()
            for state, values in (data.get("delta") or {}).items():
                self.state.setdefault(state, {}).update(values)
            queued.extend(data.get("events") or [])
            if until is not None and until(self, queued):
                return queued

    async def run(self, name: str, payload: dict | None = None, until=None) -> float:
        """One user action: the event and what it chains (redirects followed, as the browser
        does). Returns the seconds from sending it to the last update it brought."""
        t0 = time.perf_counter()
        pending: list[tuple[str, dict | None, object]] = [(name, payload, until)]
        for _ in range(MAX_CHAIN):
            if not pending:
                return self.last_update - t0
            n, p, u = pending.pop(0)
            if n == HYDRATE_AND_LOAD:
                self.state.get(ROOT_STATE, {}).pop("is_hydrated_rx_state_", None)
                u = _hydrated
            events = await self._one(n, p, u)
            for ev in events:
                if ev.get("name") == "_redirect":
                    target = (ev.get("payload") or {}).get("path", "/")
                    self.redirects.append(target)
                    if n == HYDRATE_AND_LOAD:  # the page's load redirected: wait for its hydrate first
                        await self._finish_hydrate(events)
                    self._goto(target)
                    pending = [(HYDRATE_AND_LOAD, None, None)]
                    break
        raise ReflexError("too long an event chain")

    async def _finish_hydrate(self, events: list[dict]) -> None:
        if self.get(ROOT_STATE, "is_hydrated") is not True:
            await self._wait(_hydrated)

    async def _wait(self, until) -> None:
        queued: list[dict] = []
        while not until(self, queued):
            frame = await self._recv(self.timeout)
            if frame.startswith(f"42{NAMESPACE},"):
                kind, data = json.loads(frame[len(f"42{NAMESPACE},"):])[:2]
                if kind == "event":
                    self.last_update = time.perf_counter()
                    for state, values in (data.get("delta") or {}).items():
                        self.state.setdefault(state, {}).update(values)
                    queued.extend(data.get("events") or [])

    def _goto(self, path: str) -> None:
        self.path = path
        self.route_params = route_params(urlsplit(path).path)

    async def navigate(self, path: str) -> float:
        """A client-side navigation to ``path``: its hydrate-and-load and what that chains."""
        self._goto(path)
        return await self.run(HYDRATE_AND_LOAD)

    def get(self, state: str, var: str, default=None):
        """A var as the tab holds it (Reflex suffixes them with ``_rx_state_``)."""
        values = self.state.get(state, {})
        return values.get(var + "_rx_state_", values.get(var, default))


#: The app's dynamic routes (pages/*.py), for the route parameters the frontend adds to the query.
DYNAMIC = (("/application/", "app_id"), ("/apply/", "service_code"), ("/services/", "service_code"),
           ("/bundles/", "bundle_code"), ("/eligibility/", "check_code"), ("/policies/", "policy_id"),
           ("/agent/orders/", "order_id"))


def route_params(path: str) -> dict[str, str]:
    for prefix, name in DYNAMIC:
        if path.startswith(prefix) and len(path) > len(prefix) and "/" not in path[len(prefix):]:
            return {name: path[len(prefix):]}
    return {}
