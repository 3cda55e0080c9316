"""State of the sign-in page: messages from the form posts, and the development code banner."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.identity.service import dev_code_for
from app.ui.session import PENDING_COOKIE, client_is_loopback, cookie_value, current_actor, engine


class LoginState(rx.State):
    sent: str = ""
    error: str = ""
    field: str = ""
    next_path: str = urls.ME
    dev_code: str = ""
    signed_in_as: str = ""

    @rx.event
    def load(self):
        q = self.router.url.query_parameters
        self.sent, self.error = q.get("sent", "")[:16], q.get("error", "")[:200]
        self.field = q.get("field", "") if q.get("field", "") in {"phone", "code"} else ""
        nxt = q.get("next", urls.ME)[:300]
        self.next_path = nxt if nxt.startswith("/") and not nxt.startswith("//") else urls.ME
        actor = current_actor(self)
        self.signed_in_as = actor.phone_masked if actor else ""
        self.dev_code = ""
        # Development has no SMS: show the code of the challenge THIS browser asked for (its cookie
        # holds the reference), and only to a browser on this machine. Never a consent message,
        # never another phone's code; ``dev_code_for`` returns nothing outside development.
        if self.sent and client_is_loopback(self):
            ref = cookie_value(self.router.headers.cookie, PENDING_COOKIE)
            self.dev_code = (dev_code_for(engine(), ref) or "") if ref else ""
        if self.error:
            return rx.call_script("setTimeout(()=>document.getElementById('error-summary')?.focus(),50)")
