"""A minimal Reflex websocket client (Engine.IO 4 / Socket.IO 5 over one websocket), enough to
send an event as the browser does and read the state deltas the backend sends back.

Why not python-socketio's client: its asyncio client needs aiohttp and its sync client
websocket-client, neither of which the app installs; the protocol is a few text frames.
"""

from __future__ import annotations

import json
import time
import uuid

from websockets.sync.client import connect

NAMESPACE = "/_event"
HYDRATE = "reflex___state____state.hydrate"


class ReflexSocket:
    """One browser tab's websocket: ``token`` is the tab's session token (sessionStorage)."""

    def __init__(self, base_url: str, token: str | None = None, headers: dict | None = None, timeout: float = 20):
        self.token = token or str(uuid.uuid4())
        self.timeout = timeout
        ws_url = base_url.replace("http://", "ws://").replace("https://", "wss://").rstrip("/")
        origin = base_url.rstrip("/")
        self._connection = connect(f"{ws_url}/_event/?EIO=4&transport=websocket&token={self.token}",
                                   origin=origin, additional_headers=headers or {}, open_timeout=timeout)
        self.ws = self._connection.__enter__()
        opened = self.ws.recv(timeout=timeout)
        if not opened.startswith("0"):
            raise RuntimeError(f"no Engine.IO open packet: {opened[:80]}")
        self.ws.send(f"40{NAMESPACE},")
        while True:
            frame = self._recv()
            if frame.startswith(f"40{NAMESPACE}"):
                break
            if frame.startswith(f"44{NAMESPACE}"):
                raise RuntimeError(f"connect refused: {frame[:200]}")

    def _recv(self) -> str:
        while True:
            frame = self.ws.recv(timeout=self.timeout)
            if frame == "2":  # Engine.IO ping
                self.ws.send("3")
                continue
            return frame

    def event(self, name: str, payload: dict | None = None, path: str = "/", query: dict | None = None) -> dict:
        """Send one event; return the merged delta of every update until the final one."""
        as_path = path + ("?" + "&".join(f"{k}={v}" for k, v in (query or {}).items()) if query else "")
        body = {"name": name, "payload": payload or {},
                "router_data": {"pathname": path, "asPath": as_path, "query": query or {}}}
        self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", body], ensure_ascii=False))
        delta: dict = {}
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            frame = self._recv()
            if not frame.startswith(f"42{NAMESPACE},"):
                continue
            kind, data = json.loads(frame[len(f"42{NAMESPACE},"):])[:2]
            if kind != "event":
                continue
            for state, values in (data.get("delta") or {}).items():
                delta.setdefault(state, {}).update(values)
            if data.get("final", True):
                return delta
        raise TimeoutError(f"no final update for {name}")

    def hydrate(self, path: str = "/", query: dict | None = None) -> dict:
        return self.event(HYDRATE, path=path, query=query)

    def close(self) -> None:
        self._connection.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
