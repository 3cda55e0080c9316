"""GET /api/metrics — request latency, errors and requests in flight, Prometheus text format.

Closed to the public: answered only to a client on this machine that did not come through a
proxy (no X-Forwarded-For / X-Real-IP / Forwarded header: behind nginx every request arrives from
loopback, so the peer address alone proves nothing), or to a request with
``Authorization: Bearer <METRICS_TOKEN>``. Anyone else gets a bare 404, as if there were nothing.

The numbers are collected by :class:`MetricsMiddleware` around the API app (see ``wrap``): the
label is the matched route's template, never the raw path.
"""

from __future__ import annotations

import hmac
import logging
import time
from urllib.parse import unquote_plus

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.core.config import get_settings, is_loopback
from app.core.metrics import REQUESTS, UNMATCHED
from app.core.privacy import redact

PATH = "/api/metrics"
PROXY_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")


def _route_template(scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class MetricsMiddleware:
    """Pure ASGI: counts every HTTP request (websockets are long-lived connections, not requests)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = {"code": 500}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        REQUESTS.started()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_wrapper)
        except BaseException:
            status["code"] = 500
            raise
        finally:
            REQUESTS.finished(scope.get("method", ""), _route_template(scope), status["code"],
                              time.perf_counter() - started)


def wrap(app):
    """``Starlette(..., middleware=[Middleware(MetricsMiddleware)])`` or, as a function, an entry
    of ``rx.App(api_transformer=[...])``."""
    return MetricsMiddleware(app)


def allowed(request: Request) -> bool:
    """Loopback without a proxy in between, or the configured bearer token."""
    token = get_settings().metrics_token
    auth = request.headers.get("authorization", "")
    if token and auth.lower().startswith("bearer ") and hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
        return True
    if any(h in request.headers for h in PROXY_HEADERS):
        return False
    return bool(request.client) and is_loopback(request.client.host)


async def metrics(request: Request) -> Response:
    if not allowed(request):
        return Response(status_code=404, headers={"cache-control": "no-store"})
    return Response(REQUESTS.render(), media_type="text/plain; version=0.0.4; charset=utf-8",
                    headers={"cache-control": "no-store"})


class RedactingFilter(logging.Filter):
    """Masks ID, phone and card numbers in a log record before any handler writes it.

    Why here: the server's access log (uvicorn, gunicorn, granian) writes every request line with
    its query string, and the HTTP client logs the URLs it calls; a citizen's search for
    "身份证3201…" would otherwise sit in clear in the log. URLs are percent-encoded, which hides a
    number from the patterns (``%AF3201…``), so each part is decoded first, and replaced only
    when something was masked."""

    @staticmethod
    def _clean(value):
        if value is None or isinstance(value, (bool, int, float)):
            return value
        decoded = unquote_plus(str(value))  # also objects such as httpx.URL, which log as their text
        masked = redact(decoded)
        return masked if masked != decoded else value

    def filter(self, record: logging.LogRecord) -> bool:
        # Message and each argument on their own: formatters such as uvicorn's access log unpack
        # ``record.args`` and need its shape kept.
        record.msg = self._clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: self._clean(v) for k, v in record.args.items()}
        return True


#: Loggers that write request lines or URLs (filters on a logger see only its own records).
REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error", "gunicorn.access", "gunicorn.error", "granian.access",
                    "httpx", "reflex")


def install_log_redaction() -> None:
    """Idempotent: attach one :class:`RedactingFilter` to each logger of ``REDACTED_LOGGERS``."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


# Every process that serves the API imports this module (app/api/main.py collects the routes).
install_log_redaction()

routes = [Route(PATH, metrics, methods=["GET"])]
