"""Every table of the product, in one place: the storage part of the composition root.

Each package declares its own tables (``app/<package>/models.py``) and SQLModel registers them
when the module is imported. ``app.core.db`` knows no package: it creates the tables that are
registered. This module imports them all, so a database made through it has every table; the
entry points (``app/api/main.py``, hence the Reflex app, and ``app/cli.py``) import it.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy.engine import Engine

import app as _app_package
from app.core.db import create_tables as _create_registered_tables


def _import_every_models_module() -> list[str]:
    """Import ``app.<package>.models`` for every package that has one (each registers its tables).

    Discovered rather than listed: a new package (appointments, outreach …) gets its tables in
    every database without a second edit here, and no list can fall behind the packages."""
    names = []
    for info in sorted(pkgutil.iter_modules(_app_package.__path__), key=lambda m: m.name):
        if not info.ispkg or info.name in {"ui", "api", "chat"}:
            continue
        try:
            importlib.import_module(f"app.{info.name}.models")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.{info.name}.models":
                raise
            continue
        names.append(info.name)
    return names


MODEL_PACKAGES = _import_every_models_module()


def create_tables(engine: Engine) -> None:
    """Create every table of the product (idempotent)."""
    _create_registered_tables(engine)
