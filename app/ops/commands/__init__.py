"""Each module here adds its own ``minzheng`` sub-commands through ``register(subparsers)``.

Why discovery instead of a list in ``app/cli.py``: operator commands (audit, backup, migrations,
discovery batches) are written and reviewed separately; each keeps its argument parsing beside
its code and ``app/cli.py`` does not grow with every one.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def register_all(subparsers: argparse._SubParsersAction) -> None:
    """Call ``register(subparsers)`` of every module in this package, in name order."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
