"""The same-origin guard in front of everything the app serves (pages, REST API, the Reflex
websocket, the speech websocket).

Why one ASGI middleware: every state-changing request must come from this site's own pages, and
checking it per route is how one gets forgotten. The rules:

- ``Host`` must name this app (a loopback name or a host of ALLOWED_ORIGINS): a DNS-rebinding page
  arrives with its own host name and is refused;
- a websocket, or a POST/PUT/PATCH/DELETE, that carries an ``Origin`` must come from the app's own
  origin or ALLOWED_ORIGINS; ``Origin: null`` is refused. Browsers always send Origin on websockets
  and cross-site POSTs, so a foreign page cannot drive the victim's cookie; clients that are not
  browsers (the Rasa action server, curl) send none and are not a CSRF risk.
"""

from __future__ import annotations

import json

from app.core.web import host_allowed, origin_allowed

MSG_FOREIGN = "请从民政一键通自己的页面操作（请求来自其他网站，已拒绝）。"
MSG_HOST = "不认识的网址，请从民政一键通的正式网址打开。"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


class SameOriginGuard:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in {"http", "websocket"}:
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        host = headers.get("host", "")
        if not host_allowed(host):
            return await self._refuse(scope, receive, send, MSG_HOST, 421)
        unsafe = scope["type"] == "websocket" or scope.get("method", "GET").upper() in UNSAFE_METHODS
        if unsafe and "origin" in headers:
            if not origin_allowed(headers["origin"], host, scope.get("scheme", "http")):
                return await self._refuse(scope, receive, send, MSG_FOREIGN, 403)
        return await self.app(scope, receive, send)

    async def _refuse(self, scope, receive, send, message: str, status: int):
        if scope["type"] == "websocket":
            await receive()  # the websocket.connect message
            await send({"type": "websocket.close", "code": 1008, "reason": "origin"})
            return
        body = json.dumps({"error": message}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def guard(app):
    """For ``rx.App(api_transformer=[..., guard])``: wrap the whole ASGI app."""
    return SameOriginGuard(app)
