"""The REST API mounted beside the Reflex pages (one port in production).

Each module in ``app/api/routes/`` exposes ``routes: list[BaseRoute]``; they are collected here
so a new channel adds its endpoints without editing a central list.
"""

from __future__ import annotations

import importlib
import pkgutil

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

import app.api.routes as routes_pkg
import app.tables  # noqa: F401  (every table registered before the engine creates them)


def collect_routes() -> list[BaseRoute]:
    out: list[BaseRoute] = []
    for mod in sorted(pkgutil.iter_modules(routes_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routes_pkg.__name__}.{mod.name}")
        out.extend(getattr(module, "routes", []))
    return out


def build_api() -> Starlette:
    """The REST API with its request metrics (latency, errors, in flight; /api/metrics)."""
    from app.api.routes.metrics import MetricsMiddleware
    from app.api.storage_guard import StorageErrors

    return Starlette(routes=collect_routes(), middleware=[Middleware(MetricsMiddleware), Middleware(StorageErrors)])
