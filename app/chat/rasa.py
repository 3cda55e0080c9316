"""HTTP client for the Rasa server. Only the app backend talks to Rasa (it listens on 127.0.0.1).

One keep-alive connection pool per event loop (the web server, tests and benchmarks may each
run their own loop). Any failure — refused, timed out, an error status, a model still
loading — is raised as :class:`RasaUnavailable`, so the caller can degrade gracefully.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import httpx

from app.core.config import get_settings


class RasaUnavailable(Exception):
    """Rasa did not give a usable answer."""


class RasaClient:
    def __init__(self, base_url: str | None = None, token: str | None = None, timeout_s: float | None = None):
        s = get_settings()
        self.base_url = (base_url or s.rasa_url).rstrip("/")
        self.token = s.rasa_token if token is None else token
        self.timeout = httpx.Timeout(timeout_s or s.rasa_timeout_s, connect=2.0)
        self._clients: dict[int, httpx.AsyncClient] = {}

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        client = self._clients.get(id(loop))
        if client is None or client.is_closed:
            client = httpx.AsyncClient(
                base_url=self.base_url, timeout=self.timeout,
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            )
            self._clients[id(loop)] = client
        return client

    def _params(self) -> dict:
        return {"token": self.token} if self.token else {}

    async def _call(self, method: str, path: str, **kw) -> httpx.Response:
        try:
            r = await self._client().request(method, path, **kw)
        except (httpx.HTTPError, OSError) as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if r.status_code >= 400:
            raise RasaUnavailable(f"HTTP {r.status_code} from {path}: {r.text[:200]}")
        return r

    async def send(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        """One user message through Rasa's REST channel: NLU, dialogue, actions; its replies."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        r = await self._call("POST", "/webhooks/rest/webhook", json=body)
        data = r.json()
        if not isinstance(data, list):
            raise RasaUnavailable("unexpected webhook answer")
        return data

    async def parse(self, text: str) -> dict:
        r = await self._call("POST", "/model/parse", params=self._params(), json={"text": text})
        return r.json()

    async def tracker(self, sender: str) -> dict:
        r = await self._call("GET", f"/conversations/{quote(sender, safe='')}/tracker", params=self._params())
        return r.json()

    async def status(self) -> dict:
        r = await self._call("GET", "/status", params=self._params())
        return r.json()

    async def ready(self) -> bool:
        try:
            return bool((await self.status()).get("model_id"))
        except RasaUnavailable:
            return False
