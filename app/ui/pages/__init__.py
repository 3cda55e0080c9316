"""Pages. Each module here exposes ``PAGES``: a list of :class:`Page` that ``app/app.py`` adds.

Collected automatically, so a channel adds its page without editing a central list.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    route: str
    component: Callable[[], Any]
    title: str
    on_load: Any = None


def collect_pages() -> list[Page]:
    out: list[Page] = []
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{mod.name}")
        out.extend(getattr(module, "PAGES", []))
    return out
