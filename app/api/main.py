"""The REST API mounted beside the Reflex pages (one port in production)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from app.api.routes.health import health
from app.api.routes.search import search


def build_api() -> Starlette:
    return Starlette(routes=[
        Route("/api/health", health, methods=["GET"]),
        Route("/api/search", search, methods=["GET"]),
    ])
