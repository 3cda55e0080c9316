"""The app's REST API, seen from the action server: the answer engine, service guides, eligibility
(the 尊老金 check, the 政策计算器's free-answer reader and its results).

One keep-alive HTTP session per process. Guides and the service list change only when the
knowledge base does, so they are cached for a few minutes (``BOT_CACHE_TTL_S``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any
from urllib.parse import quote

import aiohttp

from actions.settings import APP_API_TIMEOUT_S, APP_API_URL, CACHE_TTL_S

log = logging.getLogger(__name__)


class AppUnavailable(Exception):
    """The app did not answer (down, slow or an error)."""


class AppApi:
    def __init__(self, base_url: str = APP_API_URL, timeout_s: float = APP_API_TIMEOUT_S):
        self.base_url = base_url
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None
        self._cache: dict[str, tuple[float, Any]] = {}

    async def _get(self, path: str, params: dict | None = None, cache: bool = False) -> Any:
        key = path + "?" + "&".join(f"{k}={v}" for k, v in sorted((params or {}).items()))
        if cache:
            hit = self._cache.get(key)
            if hit and time.monotonic() - hit[0] < CACHE_TTL_S:
                return hit[1]
        try:
            async with self._http().get(self.base_url + path, params=params) as r:
                if r.status == 404:
                    return None
                r.raise_for_status()
                data = await r.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            log.warning("app API %s failed: %s", path, exc)
            raise AppUnavailable(str(exc)) from exc
        if cache:
            self._cache[key] = (time.monotonic(), data)
        return data

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def answer(self, q: str, context: dict) -> dict:
        """The app's answer engine (POST /api/answer): the same answer every channel gives."""
        body = {"q": q, "context": {k: v for k, v in context.items() if v not in (None, "")}}
        try:
            async with self._http().post(self.base_url + "/api/answer", json=body) as r:
                r.raise_for_status()
                data = await r.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            log.warning("app API /api/answer failed: %s", exc)
            raise AppUnavailable(str(exc)) from exc
        if not isinstance(data, dict):
            raise AppUnavailable("unexpected /api/answer reply")
        return data

    async def services(self) -> dict[str, dict]:
        data = await self._get("/api/services", cache=True)
        return {s["code"]: s for s in (data or {}).get("services", [])}

    async def service(self, code: str) -> dict | None:
        return await self._get(f"/api/services/{quote(code)}", cache=True)

    async def policy(self, policy_id: str) -> dict | None:
        return await self._get(f"/api/policies/{quote(policy_id)}", cache=True)

    async def eligibility(self, code: str, age: str, hukou: str) -> dict | None:
        return await self._get(f"/api/services/{quote(code)}/eligibility", {"age": age, "hukou": hukou})

    async def read_facts(self, text: str, ask: str | None) -> dict:
        """One free answer to one of the 政策计算器's questions (or, with no ``ask``, every fact in a
        first message), read by the app: ``{status, fields: {ask: {params, said}}, message}``."""
        data = await self._get("/api/eligibility/read", {"text": text[:200], **({"ask": ask} if ask else {})})
        if not isinstance(data, dict) or "status" not in data:
            raise AppUnavailable("unexpected /api/eligibility/read reply")
        return data

    async def preview(self, params: dict[str, str]) -> list[dict]:
        """The 政策计算器's results for these facts (its own query parameters), likely first."""
        try:
            async with self._http().get(self.base_url + "/api/eligibility/preview", params=params) as r:
                data = await r.json()
                if r.status == 400:  # a fact the calculator cannot read: no results, not an outage
                    return []
                r.raise_for_status()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            log.warning("app API /api/eligibility/preview failed: %s", exc)
            raise AppUnavailable(str(exc)) from exc
        if not isinstance(data, list):
            raise AppUnavailable("unexpected /api/eligibility/preview reply")
        return data


API = AppApi()
