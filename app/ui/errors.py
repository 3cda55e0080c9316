"""What a page shows when one of its actions fails unexpectedly (Reflex's backend exception
handler): a Chinese message — the disk full, the database not reachable, or something else —
instead of Reflex's English "An error occurred.". The log gets the exception's type, its storage
kind and the traceback's frames, never its text (SQL parameters, answers: personal data)."""

from __future__ import annotations

import logging
import traceback

from reflex.event import EventSpec

from app.core.storage_errors import storage_problem, user_message

log = logging.getLogger("app.ui.errors")


def backend_exception_handler(exception: Exception) -> EventSpec:
    from reflex_components_sonner.toast import toast

    frames = "".join(traceback.format_tb(exception.__traceback__))
    log.error("page action failed: %s (storage: %s)\n%s", type(exception).__name__,
              storage_problem(exception) or "-", frames)
    return toast(user_message(exception), level="error", fallback_to_alert=True, position="top-center",
                 id="backend_error", duration=15000, style={"width": "min(500px, 92vw)", "white-space": "pre-wrap"})
