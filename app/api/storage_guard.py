"""The REST API's last word on an unexpected failure: a JSON answer in Chinese, never
Starlette's English "Internal Server Error" — 503 with ``Retry-After`` when the storage failed
(disk full, database not reachable: try again shortly), 500 otherwise. The log gets the
exception's type and frames, not its text (it can hold SQL parameters)."""

from __future__ import annotations

import logging
import traceback

from starlette.responses import JSONResponse

from app.core.storage_errors import storage_problem, user_message

log = logging.getLogger("app.api.errors")


class StorageErrors:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            kind = storage_problem(exc)
            log.error("request failed: %s (storage: %s)\n%s", type(exc).__name__, kind or "-",
                      "".join(traceback.format_tb(exc.__traceback__)))
            headers = {"Cache-Control": "no-store", **({"Retry-After": "5"} if kind else {})}
            await JSONResponse({"error": user_message(exc)}, status_code=503 if kind else 500,
                               headers=headers)(scope, receive, send)
