"""State of the 预约 page (/booking): pick an office, a day and a half-day, give one's name and ID
number, confirm; see, change and cancel one's own bookings. A thin adapter over
``app.appointments.service``, which checks who may do what; sign-in is required (as /apply).

Nothing typed is lost on an error: the answers stay in this tab's state and are shown again.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.appointments import service as ap
from app.appointments.offices import list_offices
from app.core import urls
from app.knowledge.schema import CITIES
from app.ui import booking_text as T
from app.ui.guide_state import Link
from app.ui.page_effects import announce
from app.ui.session import current_actor, engine, kb

FIELD_ID = {"city": "b-city", "office": "b-office", "day": "b-day", "half": "b-half", "name": "b-name",
            "id_number": "b-id", "partner_name": "b-partner", "slot": "b-day", "duplicate": "b-mine",
            "ref": "b-mine", "": "b-day"}


@dataclasses.dataclass
class OfficeView:
    id: str = ""
    name: str = ""
    place: str = ""
    channel: str = ""
    modelled: bool = False
    note: str = ""
    source: str = ""
    source_url: str = ""


@dataclasses.dataclass
class DayView:
    value: str = ""
    label: str = ""


@dataclasses.dataclass
class BookingRow:
    ref: str = ""
    when: str = ""
    office: str = ""
    office_id: str = ""
    status_label: str = ""
    active: bool = False


def _office_view(o) -> OfficeView:
    src = o.sources[0] if o.sources else None
    return OfficeView(
        id=o.id, name=o.name, place=o.city + (o.county or ""), channel=o.booking_channel, modelled=o.modelled,
        note=T.OFFICE_MODELLED.format(city=o.city) if o.modelled else "",
        source=(src.title + (T.REPOST if src.kind == "repost" else "")) if src else "",
        source_url=(src.url or "") if src else "")


def _days(slots) -> list[DayView]:
    by_day: dict = {}
    for s in slots:
        by_day.setdefault(s.day, []).append(s)
    return [DayView(d.isoformat(), ap.day_label(d) + T.FREE_HINT.format(
        halves="、".join(ap.HALF_LABELS[s.half] for s in ss))) for d, ss in sorted(by_day.items())]


def _focus(element_id: str):
    return rx.call_script(f"setTimeout(function(){{var e=document.getElementById('{element_id}');"
                          "if(e){e.focus();e.scrollIntoView({block:'start'});}},60)")


class BookingState(rx.State):
    signed_in: bool = False
    phone_masked: str = ""
    step: str = "office"  # office | slot | details | done
    city: str = ""
    offices: list[OfficeView] = []
    office_id: str = ""
    office_name: str = ""
    days: list[DayView] = []
    day: str = ""
    half: str = ""
    name: str = ""
    partner_name: str = ""
    errors: list[Link] = []
    error_field: str = ""
    error_text: str = ""
    alternatives: list[str] = []
    bookings: list[BookingRow] = []
    confirm_ref: str = ""
    changing_ref: str = ""
    status_msg: str = ""
    done_title: str = ""
    done_ref: str = ""
    done_when: str = ""
    done_where: str = ""
    done_who: str = ""
    done_materials: list[str] = []

    # ---- helpers (not events) --------------------------------------------------------------

    def _actor(self):
        return current_actor(self)

    def _clear_errors(self) -> None:
        self.errors, self.error_field, self.error_text, self.alternatives = [], "", "", []

    def _fail(self, exc: ap.AppointmentError):
        field = exc.field if exc.field in FIELD_ID else ""
        self.errors = [Link(exc.message, "#" + FIELD_ID[field])]
        self.error_field, self.error_text = field, exc.message
        self.alternatives = [a.label for a in exc.alternatives]
        if exc.field == "slot" and self.office_id:  # a full slot: the free days again, nothing else lost
            self._load_days()
            self.step = "slot"
        return _focus("error-summary")

    def _refresh_bookings(self, actor) -> None:
        self.bookings = [BookingRow(b.ref, b.when, b.office_name, b.office_id, ap.STATUS_LABELS[b.status],
                                    b.status == "booked") for b in ap.my_bookings(engine(), kb(), actor)]

    def _load_offices(self) -> None:
        self.offices = [_office_view(o) for o in list_offices(kb(), city=self.city)] if self.city else []

    def _load_days(self) -> None:
        self.days = _days(ap.free_slots(engine(), kb(), self.office_id))

    # ---- events ---------------------------------------------------------------------------

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect(urls.login_url(urls.BOOKING))
        self.signed_in, self.phone_masked = True, actor.phone_masked
        self._clear_errors()
        self.step, self.confirm_ref, self.changing_ref, self.status_msg = "office", "", "", ""
        q = self.router.url.query_parameters.get("city", "")
        if q in CITIES:
            self.city = q
        self._load_offices()
        self._refresh_bookings(actor)
        return announce(T.PAGE_TITLE, focus=False)

    @rx.event
    def pick_city(self, value: str):
        self.city = value if value in CITIES else ""
        self.office_id = ""
        self._load_offices()

    @rx.event
    def choose_office(self, form: dict):
        self._clear_errors()
        city = str(form.get("city", "") or self.city)
        if city in CITIES and city != self.city:
            self.city = city
            self._load_offices()
        office_id = str(form.get("office", "") or "")[:32]
        if not self.city:
            return self._fail(ap.AppointmentError(T.ERR_CITY, "city"))
        chosen = next((o for o in self.offices if o.id == office_id), None)
        if chosen is None:
            return self._fail(ap.AppointmentError(T.ERR_OFFICE, "office"))
        self.office_id, self.office_name = chosen.id, chosen.name
        self._load_days()
        self.step = "slot"
        return announce(T.PAGE_TITLE)

    @rx.event
    def choose_slot(self, form: dict):
        self._clear_errors()
        self.day, self.half = str(form.get("day", "") or "")[:12], str(form.get("half", "") or "")[:4]
        if not self.day:
            return self._fail(ap.AppointmentError(T.ERR_DAY, "day"))
        if not self.half:
            return self._fail(ap.AppointmentError(T.ERR_HALF, "half"))
        try:
            office = ap.office_or_error(kb(), self.office_id)
            ap.check_bookable(office, ap.parse_day(self.day), ap.parse_half(self.half))
        except ap.AppointmentError as exc:
            return self._fail(exc)
        if self.changing_ref:
            return self._change()
        self.step = "details"
        return announce(T.PAGE_TITLE)

    def _change(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect(urls.login_url(urls.BOOKING))
        try:
            b = ap.change(engine(), kb(), actor, self.changing_ref, self.day, self.half, office_id=self.office_id)
        except ap.AppointmentError as exc:
            return self._fail(exc)
        self.changing_ref = ""
        return self._done(actor, b, T.CHANGED_TITLE)

    def _done(self, actor, b, title: str):
        self.done_title, self.done_ref, self.done_when = title, b.ref, b.when
        self.done_where, self.done_who = b.office_name, b.name_masked
        self.done_materials = b.materials
        self.step = "done"
        self._refresh_bookings(actor)
        return announce(title)

    @rx.event
    def confirm(self, form: dict):
        self._clear_errors()
        self.name = str(form.get("name", "") or "")[:40]
        self.partner_name = str(form.get("partner_name", "") or "")[:40]
        id_number = str(form.get("id_number", "") or "")[:40]
        actor = self._actor()
        if actor is None:
            return rx.redirect(urls.login_url(urls.BOOKING))
        try:
            b = ap.book(engine(), kb(), actor, self.office_id, self.day, self.half, name=self.name,
                        id_number=id_number, partner_name=self.partner_name)
        except ap.AppointmentError as exc:
            return self._fail(exc)
        return self._done(actor, b, T.DONE_TITLE)

    @rx.event
    def back(self):
        self._clear_errors()
        self.step = {"details": "slot", "slot": "office"}.get(self.step, "office")
        if self.step == "office":
            self.changing_ref = ""
        return announce(T.PAGE_TITLE)

    @rx.event
    def start_over(self):
        self._clear_errors()
        self.step, self.changing_ref, self.day, self.half = "office", "", "", ""
        return _focus("b-mine-title")

    @rx.event
    def start_change(self, ref: str, office_id: str):
        self._clear_errors()
        self.changing_ref, self.office_id, self.confirm_ref, self.status_msg = ref[:20], office_id[:32], "", ""
        office = ap.office_or_error(kb(), self.office_id) if self.office_id else None
        self.office_name = office.name if office else ""
        self._load_days()
        self.step = "slot"
        return announce(T.PAGE_TITLE)

    @rx.event
    def ask_cancel(self, ref: str):
        self.confirm_ref, self.status_msg = ref[:20], ""
        return _focus("b-cancel-q")

    @rx.event
    def keep(self):
        self.confirm_ref = ""
        return _focus("b-mine-title")

    @rx.event
    def do_cancel(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect(urls.login_url(urls.BOOKING))
        ref, self.confirm_ref = self.confirm_ref, ""
        try:
            ap.cancel(engine(), kb(), actor, ref)
        except ap.AppointmentError as exc:
            self.status_msg = exc.message
        else:
            self.status_msg = T.CANCELLED.format(ref=ref)
        self._refresh_bookings(actor)
        if self.step == "done" and ref == self.done_ref:
            self.step = "office"
        return _focus("b-status")
