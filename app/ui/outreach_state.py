"""State of the 主动发现 staff page (/agent/outreach): a thin adapter over ``app.outreach.service``.

Every handler re-establishes the actor from the http-only session cookie and passes it to the
domain service, which checks the staff role and writes the audit rows itself (the run, each lead,
each reveal, each contact, the listing behind a download); the page only shows what it returned.
The page holds masked leads only; a lead's full name and phone reach the browser after
查看联系方式 with a reason, for the one lead that is open, and are dropped when another is opened.

Nothing chosen is lost on an error: the services ticked, the file selected and the last run's
leads stay as they were, and the error goes to the shared summary, which takes focus.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import reflex as rx

from app.core import urls
from app.hotline.access import AGENT_ROLES
from app.outreach import service as osv
from app.outreach.models import CLOSING_OUTCOMES, METHODS, OUTCOMES
from app.outreach.residents import CsvFormatError
from app.ui import outreach_text as T
from app.ui.apply_state import local_time
from app.ui.guide_state import Link
from app.ui.page_effects import announce
from app.ui.session import current_actor, engine, kb

ROUTE = urls.AGENT_OUTREACH
LOGIN = urls.login_url(ROUTE)
UPLOAD_ID = "outreach-csv"
#: Leads drawn per service before 再显示 (the rest are in the CSV download).
PAGE_SIZE = 20
MAX_MB = 20
MAX_ERRORS_SHOWN = 20
#: Where each kind of error sends the reader (the error summary links to it).
FIELD_ID = {"services": "o-services", "file": "o-csv-choose", "reason": "o-reason", "method": "o-method",
            "outcome": "o-outcome", "note": "o-note", "": "o-services"}


@dataclasses.dataclass
class LeadRow:
    """A lead as the page shows it: masked identifiers, the matcher's reasons and what to ask."""

    id: int = 0
    service_code: str = ""
    verdict: str = ""
    verdict_label: str = ""
    name: str = ""
    id_number: str = ""
    phone: str = ""
    community: str = ""
    source: str = ""
    reasons: list[str] = dataclasses.field(default_factory=list)
    to_ask: list[str] = dataclasses.field(default_factory=list)
    status: str = "open"
    status_label: str = ""


@dataclasses.dataclass
class ServiceGroup:
    code: str = ""
    name: str = ""
    count: int = 0
    shown_text: str = ""
    more: bool = False
    leads: list[LeadRow] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ContactRow:
    at: str = ""
    method: str = ""
    outcome: str = ""
    note: str = ""


def lead_row(v: osv.LeadView) -> LeadRow:
    source = ""
    if v.source_line:
        source = T.ROW_IN_FILE.format(line=v.source_line) + (T.ROW_REF.format(ref=v.source_ref) if v.source_ref else "")
    return LeadRow(v.id, v.service_code, v.verdict, T.VERDICT_LABELS.get(v.verdict, v.verdict), v.name_masked,
                   v.id_number_masked or "", v.phone_masked or "", v.community or "", source, list(v.reasons),
                   list(v.to_ask), v.status, T.STATUS_LABELS.get(v.status, v.status))


def group_leads(rows: Iterable[LeadRow], names: dict[str, str], shown: dict[str, int] | None = None,
                page_size: int = PAGE_SIZE) -> list[ServiceGroup]:
    """The leads per service, in the order of ``names`` (the services offered), each group cut to
    ``shown[code]`` rows (``page_size`` by default); services without leads are left out."""
    by_code: dict[str, list[LeadRow]] = {}
    for r in rows:
        by_code.setdefault(r.service_code, []).append(r)
    order = [c for c in names if c in by_code] + [c for c in by_code if c not in names]
    groups = []
    for code in order:
        leads = by_code[code]
        n = min(len(leads), max(1, (shown or {}).get(code, page_size)))
        groups.append(ServiceGroup(code, names.get(code, code), len(leads),
                                   T.SHOWN.format(shown=n, count=len(leads)), n < len(leads), leads[:n]))
    return groups


def contact_row(c) -> ContactRow:
    return ContactRow(local_time(c.at), c.method, c.outcome, c.note or "")


def upload_problem(filename: str, size: int, count: int = 1) -> str:
    """What is wrong with the chosen file before it is read (the kind words), or "" when it may be read."""
    if count == 0:
        return T.ERR_NO_FILE
    if count > 1:
        return T.ERR_TWO_FILES
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xls", ".xlsm", ".et", ".numbers")):
        return T.ERR_EXCEL
    if not name.endswith((".csv", ".txt", ".tsv")):
        return T.ERR_NOT_CSV
    if size == 0:
        return T.ERR_EMPTY_FILE
    if size > MAX_MB * 1024 * 1024:
        return T.ERR_TOO_BIG.format(mb=MAX_MB)
    return ""


def contact_field(method: str, outcome: str) -> str:
    """Which field a refused contact record is about (the domain says why, this says where)."""
    return "method" if method not in METHODS else "outcome" if outcome not in OUTCOMES else ""


def service_options() -> list[tuple[str, str]]:
    return osv.outreach_services(kb())


def outcome_options() -> list[tuple[str, str]]:
    return [(o, o) for o in OUTCOMES]


def method_options() -> list[tuple[str, str]]:
    return [(m, m) for m in METHODS]


def _focus(element_id: str):
    return rx.call_script(f"setTimeout(function(){{var e=document.getElementById('{element_id}');"
                          "if(e){e.focus();e.scrollIntoView({block:'start'});}},60)")


class OutreachState(rx.State):
    signed_in: bool = False
    allowed: bool = False
    is_agent: bool = False
    chosen: list[str] = []
    choice_version: int = 0
    errors: list[Link] = []
    error_field: str = ""
    error_text: str = ""
    status_msg: str = ""
    # the run
    run_id: int = 0
    summary: str = ""
    per_service: list[Link] = []
    groups: list[ServiceGroup] = []
    bad_rows: list[str] = []
    bad_rows_title: str = ""
    bad_rows_more: str = ""
    warnings: list[str] = []
    # the open lead
    open_id: int = 0
    revealed: bool = False
    revealed_name: str = ""
    revealed_phone: str = ""
    contacts: list[ContactRow] = []
    form_version: int = 0

    _rows: list[LeadRow] = []
    _shown: dict[str, int] = {}
    _owner: int = 0

    # ------------------------------------------------------------------ helpers ------------
    def _actor(self):
        return current_actor(self)

    def _clear_errors(self) -> None:
        self.errors, self.error_field, self.error_text = [], "", ""

    def _fail(self, message: str, field: str = ""):
        field = field if field in FIELD_ID else ""
        self.errors = [Link(message, "#" + FIELD_ID[field])]
        self.error_field, self.error_text, self.status_msg = field, message, ""
        return _focus("error-summary")

    def _begin(self, need_lead: bool = False):
        """Every staff act starts alike: old errors cleared, the signed-in staff member looked up
        again (a session can end between two clicks), and for acts on one lead, a lead open.

        Returns ``(actor, None)`` to go on, or ``(None, event)``: the event (to sign-in, or the
        error summary) is what the handler returns."""
        self._clear_errors()
        actor = self._actor()
        if actor is None:
            return None, rx.redirect(LOGIN)
        if need_lead and not self.open_id:
            return None, self._fail(T.ERR_NO_LEAD)
        return actor, None

    def _denied(self, exc: osv.OutreachDenied | None = None):
        self.allowed = False
        self._forget()
        if exc is not None:
            return self._fail(exc.message)
        return None

    def _forget(self) -> None:
        self.run_id, self.summary, self.per_service, self.groups = 0, "", [], []
        self.bad_rows, self.bad_rows_title, self.bad_rows_more, self.warnings = [], "", "", []
        self._rows, self._shown = [], {}
        self._close_lead()

    def _close_lead(self) -> None:
        self.open_id, self.revealed, self.revealed_name, self.revealed_phone, self.contacts = 0, False, "", "", []

    def _regroup(self) -> None:
        self.groups = group_leads(self._rows, dict(service_options()), self._shown)

    def _show(self, result: osv.RunResult) -> None:
        self._close_lead()
        self.run_id = result.run_id
        self._rows = [lead_row(v) for v in result.leads]
        self._shown = {}
        self._regroup()
        source = T.SOURCE_CSV if result.source == "csv" else T.SOURCE_DATABASE
        self.summary = T.RESULT_SUMMARY.format(run=result.run_id, source=source, residents=result.residents,
                                               leads=len(result.leads))
        self.per_service = [Link(g.name, "#o-group-" + g.code, str(g.count)) for g in self.groups]
        self.bad_rows = [str(e) for e in result.errors[:MAX_ERRORS_SHOWN]]
        self.bad_rows_title = T.BAD_ROWS.format(n=len(result.errors)) if result.errors else ""
        extra = len(result.errors) - MAX_ERRORS_SHOWN
        self.bad_rows_more = T.BAD_ROWS_MORE.format(n=extra) if extra > 0 else ""
        self.warnings = list(result.warnings)
        self.status_msg = self.summary

    def _row(self, lead_id: int) -> LeadRow | None:
        return next((r for r in self._rows if r.id == lead_id), None)

    def _chosen_codes(self) -> list[str]:
        return [c for c, _ in service_options() if c in self.chosen]

    # ------------------------------------------------------------------ page load ----------
    @rx.event
    def load(self):
        actor = self._actor()
        self.signed_in = actor is not None
        self._clear_errors()
        self.status_msg = ""
        if actor is None:
            self.allowed = False
            self._forget()
            return rx.redirect(LOGIN)
        try:
            osv.require_staff(actor)
        except osv.OutreachDenied:
            return self._denied()
        self.allowed, self.is_agent = True, actor.role in AGENT_ROLES
        self._close_lead()  # a phone shown before is not shown again without a new reason
        if self._owner != actor.account_id:  # another account in this tab: nothing of the last one's
            self._forget()
            self.chosen = [c for c, _ in service_options()]
            self._owner = actor.account_id
        self.choice_version += 1  # the checkboxes drawn again with the choice this tab had
        return announce(T.TITLE, focus=False)

    # ------------------------------------------------------------------ 1. the run ---------
    @rx.event
    def toggle_service(self, code: str):
        codes = [c for c, _ in service_options()]
        if code not in codes:
            return
        wanted = set(self.chosen) ^ {code}
        self.chosen = [c for c in codes if c in wanted]

    @rx.event
    def choose_all(self):
        self.chosen = [c for c, _ in service_options()]
        self.choice_version += 1

    @rx.event
    def run_database(self):
        actor, stop = self._begin()
        if actor is None:
            return stop
        codes = self._chosen_codes()
        if not codes:
            return self._fail(T.ERR_NO_SERVICE, "services")
        try:
            result = osv.discover_database(engine(), kb(), actor, services=codes)
        except osv.OutreachDenied as exc:
            return self._denied(exc)
        except osv.OutreachError as exc:
            return self._fail(exc.message, "services")
        self._show(result)
        return _focus("o-result-title")

    @rx.event
    async def run_csv(self, files: list[rx.UploadFile]):
        actor, stop = self._begin()
        if actor is None:
            return stop
        codes = self._chosen_codes()
        if not codes:
            return self._fail(T.ERR_NO_SERVICE, "services")
        first = files[0] if files else None
        data = await first.read() if first is not None else b""
        name = (first.name or "") if first is not None else ""
        problem = upload_problem(name, len(data), len(files))
        if problem:
            return self._fail(problem, "file")
        try:
            result = osv.discover_csv(engine(), kb(), actor, data, services=codes)
        except osv.OutreachDenied as exc:
            return self._denied(exc)
        except CsvFormatError as exc:
            return self._fail(T.ERR_CSV.format(message=str(exc)), "file")
        except osv.OutreachError as exc:
            return self._fail(exc.message, "services")
        self._show(result)
        return _focus("o-result-title")

    @rx.event
    def show_more(self, code: str):
        self._shown = {**self._shown, code: self._shown.get(code, PAGE_SIZE) + PAGE_SIZE}
        self._regroup()

    @rx.event
    def download(self):
        actor, stop = self._begin()
        if actor is None:
            return stop
        if not self.run_id:
            return None
        try:  # listed again through the service, so the download is audited as a listing
            leads = osv.leads_for(engine(), kb(), actor, run_id=self.run_id, status=None, limit=5000)
        except osv.OutreachDenied as exc:
            return self._denied(exc)
        self.status_msg = T.DOWNLOADED
        data = ("\ufeff" + osv.leads_csv(leads)).encode("utf-8")
        return rx.download(data=data, filename=T.DOWNLOAD_NAME.format(run=self.run_id), mime_type="text/csv")

    # ------------------------------------------------------------------ 3. one lead --------
    @rx.event
    def open_lead(self, lead_id: int):
        if self.open_id == lead_id:
            self._clear_errors()
            self._close_lead()
            return _focus(f"o-lead-{lead_id}")
        actor, stop = self._begin()
        if actor is None:
            return stop
        if self._row(lead_id) is None:
            return self._fail(T.ERR_NO_LEAD)
        try:
            history = osv.contacts_for(engine(), actor, lead_id)
        except osv.OutreachDenied as exc:
            return self._denied(exc)
        self._close_lead()
        self.open_id, self.contacts = lead_id, [contact_row(c) for c in history]
        self.form_version += 1
        return _focus("o-detail-title")

    @rx.event
    def reveal(self, form: dict):
        actor, stop = self._begin(need_lead=True)
        if actor is None:
            return stop
        try:
            d = osv.contact_details(engine(), actor, self.open_id, str(form.get("reason", "") or "")[:200])
        except osv.OutreachDenied as exc:
            return self._denied(exc)
        except osv.OutreachError as exc:
            return self._fail(exc.message, "reason")
        self.revealed, self.revealed_name, self.revealed_phone = True, d["name"] or "", d["phone"] or ""
        self.status_msg = T.REVEALED
        return _focus("o-revealed")

    @rx.event
    def record(self, form: dict):
        actor, stop = self._begin(need_lead=True)
        if actor is None:
            return stop
        method = str(form.get("method", "") or "")[:8]
        outcome = str(form.get("outcome", "") or "")[:20]
        note = str(form.get("note", "") or "")[:500]
        try:
            c = osv.record_contact(engine(), actor, self.open_id, method, outcome, note)
            history = osv.contacts_for(engine(), actor, self.open_id)
        except osv.OutreachDenied as exc:
            return self._denied(exc)
        except osv.OutreachError as exc:
            return self._fail(exc.message, contact_field(method, outcome))
        self.contacts = [contact_row(x) for x in history]
        closed = c.outcome in CLOSING_OUTCOMES
        if closed:
            self._rows = [dataclasses.replace(r, status="closed", status_label=T.STATUS_LABELS["closed"])
                          if r.id == self.open_id else r for r in self._rows]
            self._regroup()
        self.status_msg = (T.RECORDED_CLOSED if closed else T.RECORDED).format(method=c.method, outcome=c.outcome)
        self.form_version += 1  # an empty form for the next contact
        return _focus("o-history-title")
