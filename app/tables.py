"""Every table of the product, in one place: the storage part of the composition root.

Each package declares its own tables (``app/<package>/models.py``) and SQLModel registers them
when the module is imported. ``app.core.db`` knows no package: it creates the tables that are
registered. This module imports them all, so a database made through it has every table; the
entry points (``app/api/main.py``, hence the Reflex app, and ``app/cli.py``) import it.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

import app.applications.models  # noqa: F401  (each import registers that package's tables)
import app.audit.models  # noqa: F401
import app.contacts.models  # noqa: F401
import app.delegation.models  # noqa: F401
import app.hotline.models  # noqa: F401
import app.identity.models  # noqa: F401
import app.knowledge.models  # noqa: F401
from app.core.db import create_tables as _create_registered_tables


def create_tables(engine: Engine) -> None:
    """Create every table of the product (idempotent)."""
    _create_registered_tables(engine)
