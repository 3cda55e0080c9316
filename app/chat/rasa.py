"""HTTP client for the Rasa server. Only the app backend talks to Rasa (it listens on 127.0.0.1).

``RASA_URL`` may list several Rasa servers (comma-separated, as `.ci/bot.sh urls` prints):
each conversation goes to the same one (chosen by a hash of its sender id), so every
server keeps its own conversations, locks and tracker file, and turns of different
conversations run on different cores. When that server cannot be reached (refused, no
connection in time: it is down or restarting), the turn goes to the next server in the list,
and a server that failed so is skipped for ``DOWN_FOR_S`` seconds. In the cluster the trackers
are shared (PostgreSQL) so the next server carries the conversation on; in the embedded
default each server has its own tracker, so the conversation's context is lost there but the
turn is still answered. Only failures before the request reached a server fail over: after a
read timeout or an error status the server may have taken the message, and sending it again
elsewhere could apply it twice. One keep-alive connection pool per server and event
loop (the web server, tests and benchmarks may each run their own loop). Any failure — refused, timed out, an error status, a model still
loading — is raised as :class:`RasaUnavailable`, so the caller can degrade gracefully.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from urllib.parse import quote

import httpx

from app.core.config import get_settings

#: How long a server that could not be reached is passed over before it is tried again.
DOWN_FOR_S = 5.0


class RasaUnavailable(Exception):
    """Rasa did not give a usable answer."""


class RasaUnreachable(RasaUnavailable):
    """The request never reached the server (refused, no connection): safe to send elsewhere."""


class RasaClient:
    def __init__(self, base_url: str | None = None, token: str | None = None, timeout_s: float | None = None):
        s = get_settings()
        self.base_urls = [u.strip().rstrip("/") for u in (base_url or s.rasa_url).split(",") if u.strip()]
        self.base_url = self.base_urls[0]
        self.token = s.rasa_token if token is None else token
        self.timeout = httpx.Timeout(timeout_s or s.rasa_timeout_s, connect=2.0)
        self._clients: dict[tuple[int, str], httpx.AsyncClient] = {}
        self._down_until: dict[str, float] = {}

    def server_for(self, sender: str) -> str:
        """The Rasa server that holds this conversation (stable for a given sender id)."""
        return self.base_urls[zlib.crc32(sender.encode()) % len(self.base_urls)]

    def servers_for(self, sender: str) -> list[str]:
        """Where to send this conversation's turn, in order: its own server, then the next ones
        (wrapping round); servers that could not be reached a moment ago go last."""
        i = self.base_urls.index(self.server_for(sender))
        order = self.base_urls[i:] + self.base_urls[:i]
        now = time.monotonic()
        return [u for u in order if self._down_until.get(u, 0) <= now] + \
            [u for u in order if self._down_until.get(u, 0) > now]

    def _client(self, base_url: str | None = None) -> httpx.AsyncClient:
        base_url = base_url or self.base_url
        key = (id(asyncio.get_running_loop()), base_url)
        client = self._clients.get(key)
        if client is None or client.is_closed:
            client = httpx.AsyncClient(
                base_url=base_url, timeout=self.timeout,
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            )
            self._clients[key] = client
        return client

    def _params(self) -> dict:
        return {"token": self.token} if self.token else {}

    async def _call(self, method: str, path: str, server: str | None = None, **kw) -> httpx.Response:
        try:
            r = await self._client(server).request(method, path, **kw)
        except (httpx.ConnectError, httpx.ConnectTimeout, ConnectionRefusedError) as exc:
            raise RasaUnreachable(f"{type(exc).__name__}: {exc}") from exc
        except (httpx.HTTPError, OSError) as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if r.status_code >= 400:
            raise RasaUnavailable(f"HTTP {r.status_code} from {path}: {r.text[:200]}")
        return r

    async def send(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        """One user message through Rasa's REST channel: NLU, dialogue, actions; its replies."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        servers = self.servers_for(sender)
        for n, server in enumerate(servers):
            try:
                r = await self._call("POST", "/webhooks/rest/webhook", server=server, json=body)
                break
            except RasaUnreachable:
                self._down_until[server] = time.monotonic() + DOWN_FOR_S
                if n == len(servers) - 1:
                    raise
        self._down_until.pop(server, None)
        data = r.json()
        if not isinstance(data, list):
            raise RasaUnavailable("unexpected webhook answer")
        return data

    async def parse(self, text: str) -> dict:
        r = await self._call("POST", "/model/parse", params=self._params(), json={"text": text})
        return r.json()

    async def tracker(self, sender: str) -> dict:
        r = await self._call("GET", f"/conversations/{quote(sender, safe='')}/tracker",
                             server=self.server_for(sender), params=self._params())
        return r.json()

    async def status(self, server: str | None = None) -> dict:
        r = await self._call("GET", "/status", server=server, params=self._params())
        return r.json()

    async def ready(self) -> bool:
        """Every server has loaded its model."""
        try:
            states = await asyncio.gather(*(self.status(u) for u in self.base_urls))
        except RasaUnavailable:
            return False
        return all(s.get("model_id") for s in states)
