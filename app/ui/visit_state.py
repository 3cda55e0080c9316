"""State of the 上门代办 page (/visit): ask for a home visit for oneself or a family member one acts
for, see the 申请编号 and what happens next, follow and cancel one's requests. A thin adapter over
``app.homevisit.service``, which checks who may do what; sign-in is required (as /booking).

Nothing typed is lost on an error: the answers stay in the form and in this tab's state. The
address and phone typed are never sent back to the page after submission, only their masked form.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.core import urls
from app.homevisit import service as hv
from app.ui import visit_text as T
from app.ui.guide_state import Link
from app.ui.page_effects import announce
from app.ui.session import current_actor, engine, kb

FIELD_ID = {"for_whom": "v-for", "name": "v-name", "service": "v-service", "address": "v-address",
            "phone": "v-phone", "half_days": "v-half", "note": "v-note", "ref": "v-mine", "": "v-service"}
LOGIN = urls.login_url(urls.VISIT)


@dataclasses.dataclass
class Choice:
    value: str = ""
    label: str = ""


@dataclasses.dataclass
class VisitRow:
    ref: str = ""
    service: str = ""
    status_label: str = ""
    who: str = ""
    where: str = ""
    when: str = ""
    outcome: str = ""
    for_other: bool = False
    can_cancel: bool = False


def _row(v: hv.VisitView) -> VisitRow:
    return VisitRow(v.ref, v.service_name, v.status_label, v.name_masked, v.address_masked, "、".join(v.half_days),
                    v.outcome, not v.for_self, v.can_cancel)


def _focus(element_id: str):
    return rx.call_script(f"setTimeout(function(){{var e=document.getElementById('{element_id}');"
                          "if(e){e.focus();e.scrollIntoView({block:'start'});}},60)")


def service_options() -> list[tuple[str, str]]:
    return hv.services(kb())


def half_day_options() -> list[tuple[str, str]]:
    return list(hv.HALF_DAYS.items())


class VisitState(rx.State):
    signed_in: bool = False
    has_identity: bool = False
    step: str = "form"  # form | done
    people: list[Choice] = []
    for_whom: str = "self"
    service: str = ""
    half_days: list[str] = []
    errors: list[Link] = []
    error_field: str = ""
    error_text: str = ""
    visits: list[VisitRow] = []
    confirm_ref: str = ""
    status_msg: str = ""
    done_ref: str = ""
    done_service: str = ""
    done_who: str = ""
    done_where: str = ""
    done_when: str = ""

    def _clear(self) -> None:
        self.errors, self.error_field, self.error_text = [], "", ""

    def _fail(self, exc: hv.HomeVisitError):
        field = exc.field if exc.field in FIELD_ID else ""
        self.errors = [Link(exc.message, "#" + FIELD_ID[field])]
        self.error_field, self.error_text = field, exc.message
        return _focus("error-summary")

    def _refresh(self, actor) -> None:
        self.visits = [_row(v) for v in hv.mine(engine(), kb(), actor)]

    @rx.event
    def load(self):
        actor = current_actor(self)
        if actor is None:
            return rx.redirect(LOGIN)
        self.signed_in, self.has_identity = True, actor.person_id is not None
        self._clear()
        self.step, self.confirm_ref, self.status_msg = "form", "", ""
        self.people = [Choice(str(h.person_id), T.FOR_OTHER.format(name=h.name_masked, relationship=h.relationship))
                       for h in hv.helpable(engine(), actor)]
        wanted = self.router.url.query_parameters.get("for", "")
        self.for_whom = wanted if any(p.value == wanted for p in self.people) else "self"
        code = self.router.url.query_parameters.get("service", "")
        if code in hv.VISIT_SERVICES:
            self.service = code
        self._refresh(actor)
        return announce(T.PAGE_TITLE, focus=False)

    @rx.event
    def submit(self, form: dict):
        self._clear()
        actor = current_actor(self)
        if actor is None:
            return rx.redirect(LOGIN)
        self.for_whom = str(form.get("for_whom", "") or "self")[:12]
        self.service = str(form.get("service", "") or "")[:16]
        self.half_days = [k for k in hv.HALF_DAYS if form.get("half_" + k)]
        if self.for_whom != "self" and not self.for_whom.isdigit():
            return self._fail(hv.HomeVisitError(T.ERR_FOR_WHOM, "for_whom"))
        try:
            v = hv.request(engine(), kb(), actor, service_code=self.service, address=str(form.get("address", ""))[:200],
                           phone=str(form.get("phone", ""))[:40], half_days=self.half_days,
                           note=str(form.get("note", ""))[:400], name=str(form.get("name", ""))[:40],
                           for_person_id=None if self.for_whom == "self" else int(self.for_whom))
        except hv.HomeVisitError as exc:
            return self._fail(exc)
        self.done_ref, self.done_service, self.done_who = v.ref, v.service_name, v.name_masked
        self.done_where, self.done_when = v.address_masked, "、".join(v.half_days)
        self.step = "done"
        self._refresh(actor)
        return announce(T.DONE_TITLE)

    @rx.event
    def start_over(self):
        self._clear()
        self.step, self.half_days, self.status_msg = "form", [], ""
        return announce(T.PAGE_TITLE)

    @rx.event
    def ask_cancel(self, ref: str):
        self.confirm_ref, self.status_msg = ref[:20], ""
        return _focus("v-cancel-q")

    @rx.event
    def keep(self):
        self.confirm_ref = ""
        return _focus("v-mine-title")

    @rx.event
    def do_cancel(self):
        actor = current_actor(self)
        if actor is None:
            return rx.redirect(LOGIN)
        ref, self.confirm_ref = self.confirm_ref, ""
        try:
            hv.cancel(engine(), kb(), actor, ref)
        except hv.HomeVisitError as exc:
            self.status_msg = exc.message
        else:
            self.status_msg = T.CANCELLED.format(ref=ref)
        self._refresh(actor)
        return _focus("v-status")
