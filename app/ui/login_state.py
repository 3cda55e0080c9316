"""State of the sign-in page: messages from the form posts, and the development code banner."""

from __future__ import annotations

import reflex as rx

from app.core.config import get_settings
from app.identity.service import dev_last_code
from app.ui.session import PENDING_PHONE_COOKIE, cookie_value, current_actor, engine


class LoginState(rx.State):
    sent: str = ""
    error: str = ""
    field: str = ""
    next_path: str = "/me"
    dev_code: str = ""
    signed_in_as: str = ""

    @rx.event
    def load(self):
        q = self.router.url.query_parameters
        self.sent, self.error, self.field = q.get("sent", ""), q.get("error", ""), q.get("field", "")
        nxt = q.get("next", "/me")
        self.next_path = nxt if nxt.startswith("/") and not nxt.startswith("//") else "/me"
        actor = current_actor(self)
        self.signed_in_as = actor.phone_masked if actor else ""
        self.dev_code = ""
        if self.sent and get_settings().env == "development":
            phone = cookie_value(self.router.headers.cookie, PENDING_PHONE_COOKIE)
            self.dev_code = (dev_last_code(engine(), phone) or "") if phone else ""
        if self.error:
            return rx.call_script("setTimeout(()=>document.getElementById('error-summary')?.focus(),50)")
