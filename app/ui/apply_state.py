"""State of the online application: start, one question per page, check answers, submit,
confirmation, status timeline and 好差评. A thin adapter over app.applications.service."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC
from urllib.parse import quote
from zoneinfo import ZoneInfo

import reflex as rx

from app.applications import service as apps
from app.applications.eligibility import check_application
from app.applications.forms import questions_for
from app.applications.models import STATUS_LABELS
from app.core import urls
from app.ui.guide_state import Link, _page_param
from app.ui.page_effects import announce
from app.ui.session import current_actor, engine, kb

RATING_LABELS = ("非常不满意", "不满意", "一般", "满意", "非常满意")
CHINA = ZoneInfo("Asia/Shanghai")


def local_time(dt) -> str:
    """Times are stored in UTC; citizens read Beijing time."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


@dataclasses.dataclass
class AnswerRow:
    label: str = ""
    value: str = ""
    change_url: str = ""


@dataclasses.dataclass
class EventRow:
    label: str = ""
    at: str = ""
    reason: str = ""


def _login_redirect(path: str):
    return rx.redirect(urls.login_url(quote(path, safe="/?=&")))


class ApplyStartState(rx.State):
    message: str = ""

    @rx.event
    def load(self):
        code = _page_param(self, "service_code")
        path = self.router.url.path + (("?" + self.router.url.query) if self.router.url.query else "")
        actor = current_actor(self)
        if actor is None:
            return _login_redirect(path)
        raw_for = self.router.url.query_parameters.get("for", "")
        try:
            for_person = int(raw_for) if raw_for else None
        except ValueError:
            for_person = None
        try:
            app = apps.start(engine(), kb(), actor, code, for_person_id=for_person)
        except (apps.ApplicationError, apps.AccessDenied) as exc:
            self.message = exc.message
            return
        bundle = self.router.url.query_parameters.get("bundle", "")
        if bundle and bundle in kb().bundles and not app.bundle_code:
            from sqlmodel import Session

            from app.applications.models import Application

            with Session(engine()) as s:
                row = s.get(Application, app.id)
                row.bundle_code = bundle
                s.add(row)
                s.commit()
        return rx.redirect(urls.application_url(app.id), replace=True)


class ApplicationState(rx.State):
    found: bool = True
    denied: str = ""
    app_id: int = 0
    service_name: str = ""
    service_code: str = ""
    bundle_name: str = ""
    status: str = ""
    status_label: str = ""
    ref: str = ""
    mode: str = "question"  # question | check | done | status
    # the current question
    step: int = 0
    total: int = 0
    q_key: str = ""
    q_label: str = ""
    q_hint: str = ""
    q_kind: str = ""
    q_options: list[str] = []
    q_value: str = ""
    q_saved_masked: str = ""
    q_whose: str = ""
    error: str = ""
    errors: list[Link] = []
    back_url: str = ""
    returning: bool = False  # came from 修改 on the check page: go back there after saving
    # check answers, status
    rows: list[AnswerRow] = []
    missing_count: int = 0
    warn_stop: bool = False
    warn_headline: str = ""
    warn_reasons: list[str] = []
    warn_next: list[str] = []
    idem: str = ""
    submit_error: str = ""
    events: list[EventRow] = []
    return_reason: str = ""
    rating: int = 0
    rating_error: str = ""

    def _actor(self):
        return current_actor(self)

    @rx.event
    def load(self):
        actor = self._actor()
        raw_id = _page_param(self, "app_id")
        path = self.router.url.path
        if actor is None:
            return _login_redirect(path)
        self.denied, self.found, self.error, self.submit_error, self.rating_error = "", True, "", "", ""
        self.errors = []
        try:
            app_id = int(raw_id)
            app = apps.get(engine(), actor, app_id)
        except (ValueError, apps.AccessDenied):
            self.found, self.denied = False, apps.AccessDenied().message
            return
        self.app_id, self.service_code = app.id, app.service_code
        svc = kb().services.get(app.service_code)
        self.service_name = svc.name if svc else app.service_code
        b = kb().bundles.get(app.bundle_code or "")
        self.bundle_name = b.name if b else ""
        self.status, self.status_label, self.ref = app.status, STATUS_LABELS[app.status], app.ref or ""
        qs = questions_for(app.service_code)
        self.total = len(qs)
        params = self.router.url.query_parameters
        if app.status not in apps.EDITABLE:
            self.mode = "done" if params.get("done") == "1" else "status"
            self._load_status(actor, app)
            return announce("申请已提交" if self.mode == "done" else self.service_name + " · 办理进度")
        step = params.get("step", "")
        if step == "check" or (step == "" and app.current_step >= len(qs)):
            self._load_check(actor, app)
            return announce("核对您的回答 · " + self.service_name)
        try:
            n = int(step) if step else app.current_step
        except ValueError:
            n = 0
        n = max(0, min(n, len(qs) - 1))
        q = qs[n]
        self.mode, self.step = "question", n
        self.q_key, self.q_label, self.q_hint, self.q_kind = q.key, q.label, q.hint, q.kind
        self.q_whose = q.whose
        self.q_options = list(q.options)
        stored = app.answers.get(q.key)
        # Sensitive answers are never sent back to the page: only their masked form.
        self.q_saved_masked = stored["masked"] if isinstance(stored, dict) else ""
        self.q_value = "" if isinstance(stored, dict) else (stored or "")
        if q.key == "phone" and not stored:
            # Redundant entry (WCAG 3.3.7): offer the phone the person signed in with.
            self.q_value = apps.sign_in_phone(engine(), actor)
        self.returning = params.get("return") == "check"
        if self.returning:
            self.back_url = urls.application_url(app.id, step="check")
        else:
            self.back_url = urls.application_url(app.id, step=n - 1) if n > 0 else urls.service_url(app.service_code)
        return announce(f"{q.label}（第{n + 1}步，共{len(qs)}步）· {self.service_name}")

    def _load_check(self, actor, app):
        self.mode = "check"
        self.rows = [AnswerRow(label, value or "（未填写）", urls.application_url(app.id, step=i, return_to="check"))
                     for i, (_k, label, value) in enumerate(apps.shown_answers(app, reveal_to=actor))]
        self.missing_count = len(apps.missing(app))
        verdict = check_application(app.service_code, app.answers)
        self.warn_stop = bool(verdict and verdict.stop)
        self.warn_headline = verdict.result.headline if verdict else ""
        self.warn_reasons = list(verdict.result.reasons) if verdict else []
        self.warn_next = list(verdict.result.next_steps) if verdict else []
        self.idem = uuid.uuid4().hex
        self.back_url = urls.application_url(app.id, step=self.total - 1)

    def _load_status(self, actor, app):
        self.rows = [AnswerRow(label, value, "") for _k, label, value in apps.shown_answers(app)]
        evs = apps.timeline(engine(), actor, app.id)
        self.events = [EventRow(STATUS_LABELS.get(e.status, e.status),
                                local_time(e.at), e.reason or "") for e in evs]
        self.return_reason = next((e.reason or "" for e in reversed(evs) if e.status == "returned"), "")
        self.rating = app.rating or 0

    @rx.event
    def save(self, form: dict):
        actor = self._actor()
        if actor is None:
            return _login_redirect(self.router.url.path)
        # Whatever the browser sent is judged by the domain as what it is: a missing or null
        # answer is empty (never the text "None"), other types and huge values are refused there.
        raw = form.get("answer") if isinstance(form, dict) else None
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if empty and self.q_saved_masked:
            err = None  # keep the saved (sensitive) answer
        else:
            try:
                err = apps.save_answer(engine(), actor, self.app_id, self.q_key, raw)
            except (apps.AccessDenied, apps.ApplicationError) as exc:
                err = exc.message
        if err:
            keep = isinstance(raw, str) and len(raw) <= 500 and not self.q_saved_masked and self.q_kind not in (
                "id_number", "phone", "bank_card")
            self.error, self.q_value = err, raw if keep else ""
            self.errors = [Link(err, "#answer")]
            return rx.call_script("setTimeout(()=>document.getElementById('error-summary')?.focus(),30)")
        self.error, self.errors = "", []
        nxt = "check" if self.returning or self.step + 1 >= self.total else str(self.step + 1)
        return rx.redirect(urls.application_url(self.app_id, step=nxt))

    @rx.event
    def submit(self):
        actor = self._actor()
        if actor is None:
            return _login_redirect(self.router.url.path)
        try:
            app = apps.submit(engine(), actor, self.app_id, self.idem or uuid.uuid4().hex)
        except (apps.AccessDenied, apps.ApplicationError) as exc:
            self.submit_error = exc.message
            self.errors = [Link(exc.message, "#submit-button")]
            return rx.call_script("setTimeout(()=>document.getElementById('error-summary')?.focus(),30)")
        return rx.redirect(urls.application_url(app.id, done=True), replace=True)

    @rx.event
    def rate(self, form: dict):
        actor = self._actor()
        if actor is None:
            return _login_redirect(self.router.url.path)
        try:
            stars = int(form.get("stars", 0) or 0)
            app = apps.rate(engine(), actor, self.app_id, stars, str(form.get("comment", "")))
        except ValueError:
            self.rating_error = "请选择一个评价。"
            return
        except (apps.AccessDenied, apps.ApplicationError) as exc:
            self.rating_error = exc.message
            return
        self.rating, self.rating_error = app.rating or 0, ""


@dataclasses.dataclass
class AppRow:
    title: str = ""
    ref: str = ""
    status: str = ""
    updated: str = ""
    url: str = ""
    action: str = ""


class MeState(rx.State):
    signed_in: bool = False
    phone: str = ""
    items: list[AppRow] = []

    @rx.event
    def load(self):
        actor = current_actor(self)
        self.signed_in = actor is not None
        if actor is None:
            self.items = []
            return
        self.phone = actor.phone_masked
        rows = []
        for a in apps.list_for(engine(), actor):
            svc = kb().services.get(a.service_code)
            rows.append(AppRow(svc.name if svc else a.service_code, a.ref or "（未提交）", STATUS_LABELS[a.status],
                               local_time(a.updated_at), urls.application_url(a.id),
                               "继续填写" if a.status == "draft" else "修改后重新提交" if a.status == "returned" else "查看进度"))
        self.items = rows


def rating_options() -> list[Link]:
    return [Link(label, str(i + 1)) for i, label in enumerate(RATING_LABELS)]
