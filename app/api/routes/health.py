"""GET /api/health — liveness plus what the knowledge base holds (for run scripts and probes)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.search.engine import get_engine


async def health(_request: Request) -> JSONResponse:
    kb = get_engine().kb
    return JSONResponse({"status": "ok", "kb": {"hash": kb.content_hash, "services": len(kb.services),
                                                  "faqs": len(kb.faqs)}})


routes = [Route("/api/health", health, methods=["GET"])]
