"""GET /api/search?q=…&limit=… — the same search as the CLI and the assistant, over HTTP."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.api.params import query_params
from app.search.engine import get_engine

MSG_BAD_LIMIT = "limit 参数应为 1 到 50 之间的整数。"


async def search(request: Request) -> JSONResponse:
    params = query_params(request)
    q = params.get("q", "")
    raw_limit = params.get("limit", "10")
    try:
        limit = int(raw_limit)
        if not 1 <= limit <= 50:
            raise ValueError
    except ValueError:
        return JSONResponse({"error": MSG_BAD_LIMIT}, status_code=400)
    # Tokenising a long post is CPU work: keep it off the event loop that serves websockets.
    resp = await run_in_threadpool(get_engine().search, q, limit)
    return JSONResponse(resp.to_dict())


routes = [Route("/api/search", search, methods=["GET"])]
