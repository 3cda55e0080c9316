"""测一测 (/eligibility/<code>) and the 政策计算器 (/calculator) as plain HTML forms.

Without JavaScript the questions are a ``<form method="post">`` to the page itself; the answer is
a page rendered here from the same domain functions the Reflex states call (``CHECKS`` /
``evaluate`` for 测一测, ``parse_facts`` / ``match`` for the calculator) and the same words
(app/web/check_text.py, app/web/calculator_text.py). Why POST and not GET: the answers (birth
date, disability, household income) must stay out of addresses, history and server logs — the
pages promise that nothing is stored. Why no CSRF token: nothing is stored or changed and no
session is read, so a forged post only shows a result to the one who sent it; the same-origin
guard (app/api/guard.py) refuses foreign origins anyway.

A bad answer gives the GOV.UK error summary (links to the fields), the field's own message and
every answer kept. The readers here (:func:`read_check`, :func:`read_calculator`) are also what
the Reflex states use, so both pages accept and refuse the same input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from app.applications.eligibility import CHECKS, EResult, evaluate, materials_for
from app.core import urls
from app.eligibility import FactError, Facts, Match, match, parse_facts
from app.web import calculator_text as T
from app.web import check_text as C
from app.web import forms
from app.web.forms import e
from app.web.render import Rendered
from app.web.views import kb

#: The calculator's form fields = the matcher's parameter names (as the JSON API's).
CALC_FIELDS = ("birth_date", "age", "hukou", "county", "disability", "grade", "household",
               *(k for k, _q in T.YES_NO_QUESTIONS))
CALC_FIELD_ID = {f: f"f-{f}" for f in CALC_FIELDS}
#: The hidden field that says "the questions were sent" (radios left empty send nothing).
SENT = "sent"
#: 改一改回答 without JavaScript: the answers posted back with this field show the questions again.
EDIT = "edit"
MAX_ANSWER = 80


# ------------------------------------------------------------------------------ reading answers

@dataclass
class CheckAnswers:
    answers: dict[str, str]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (message, "#q-key")
    invalid: set[str] = field(default_factory=set)


def read_check(code: str, form: Mapping[str, str]) -> CheckAnswers:
    """测一测's answers: each question must have one of its options."""
    check = CHECKS[code]
    answers = {q.key: str(form.get(q.key, "") or "")[:MAX_ANSWER] for q in check.questions}
    bad = [q for q in check.questions if answers[q.key] not in q.options]
    return CheckAnswers(answers, [(C.ANSWER_PLEASE.format(label=q.label), f"#q-{q.key}") for q in bad],
                        {q.key for q in bad})


@dataclass
class CalculatorAnswers:
    answers: dict[str, str]
    facts: Facts | None = None
    error: FactError | None = None

    @property
    def error_field(self) -> str:
        if self.error is None:
            return ""
        return self.error.field if self.error.field in CALC_FIELD_ID else "birth_date"


def read_calculator(form: Mapping[str, str]) -> CalculatorAnswers:
    """The calculator's answers → the matcher's facts (不清楚 = not said), or the first FactError."""
    raw = {k: str(form.get(k, "") or "").strip()[:MAX_ANSWER] for k in CALC_FIELDS}
    params = {k: ("" if v == T.UNKNOWN else v) for k, v in raw.items()}
    try:
        return CalculatorAnswers(raw, parse_facts(params))
    except FactError as err:
        return CalculatorAnswers(raw, error=err)


# ------------------------------------------------------------------------------ pages

def _ul(items) -> str:
    return "<ul>" + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>"


def _hidden(answers: Mapping[str, str]) -> str:
    return "".join(f'<input type="hidden" name="{e(k)}" value="{e(v)}"/>' for k, v in answers.items() if v)


def check_page(code: str, form: Mapping[str, str] | None = None) -> Rendered | None:
    """测一测 for ``code``: the questions (``form`` None), or the answer to a posted ``form``
    (the result, or the questions again with the error summary). None: no such check."""
    check = CHECKS.get(code)
    if check is None:
        return None
    title = f"{C.TITLE}{check.title}"
    head = f"<h1>{e(title)}</h1>"
    page_title = f"{title} · 民政一键通"
    read = read_check(code, form) if form is not None and EDIT not in form else None
    if read is not None and not read.errors:
        return Rendered(200, f"结果：{page_title}", head + _check_result(code, evaluate(code, read.answers)),
                    "#result-heading:not(:empty)")
    answers = read.answers if read else {k: str(v) for k, v in (form or {}).items()}
    errors = read.errors if read else []
    fields = "".join(
        forms.radio_group(q.key, q.label, [(o, o) for o in q.options], fid=f"q-{q.key}",
                          invalid=q.key in (read.invalid if read else ()), error=C.CHOOSE_ONE,
                          checked=answers.get(q.key, ""))
        for q in check.questions)
    body = (f'<form method="post" action="{e(urls.check_url(quote(code)))}" novalidate>'
            + forms.error_summary(errors) + f'<p class="muted">{e(C.LEAD)}</p>' + fields
            + f'<input type="hidden" name="{SENT}" value="1"/>'
            + f'<button class="button" type="submit">{e(C.SUBMIT)}</button></form>')
    return Rendered(200, ("错误：" if errors else "") + page_title, head + body,
                "#error-summary" if errors else "main form fieldset")


def _check_result(code: str, r: EResult) -> str:
    k = kb()
    out = [f'<section class="result"><h2 id="result-heading" tabindex="-1" class="{C.VERDICT_CLASS[r.verdict]}">'
           f"{e(r.headline)}</h2>", f'<p class="verdict">{e(C.VERDICT[r.verdict])}</p>',
           f"<h3>{e(C.WHY)}</h3>", _ul(r.reasons)]
    if r.apply_code:
        out.append(f"<div><h3>{e(C.PREPARE)}</h3>{_ul(materials_for(k, r.apply_code))}</div>")
    out.append(f"<h3>{e(C.NEXT_IF_NO if r.verdict == 'no' else C.NEXT)}</h3>" + _ul(r.next_steps))
    related = [(k.services[c].name, urls.service_url(c)) for c in r.related_codes if c in k.services]
    if related:
        out.append(f"<div><h3>{e(C.SEE_ALSO)}</h3><ul>"
                   + "".join(f'<li><a href="{e(u)}">{e(n)}</a></li>' for n, u in related) + "</ul></div>")
    actions = []
    if r.apply_code:
        actions.append(f'<a class="button" href="{e(urls.apply_url(quote(r.apply_code)))}">{e(C.APPLY)}</a>')
    actions.append(f'<a class="button button-secondary" href="{e(urls.check_url(quote(code)))}">{e(C.AGAIN)}</a>')
    out.append('<div class="actions">' + "".join(actions) + "</div>")
    out.append(f'<p class="muted">{e(C.DISCLAIMER)}</p></section>')
    return "".join(out)


def calculator_page(form: Mapping[str, str] | None = None) -> Rendered:
    """The 政策计算器: the questions, or the answer to a posted ``form`` (results, or the questions
    again with the error summary and every answer kept; ``edit`` in the form: change the answers)."""
    head = f"<h1>{e(T.TITLE)}</h1>"
    page_title = f"{T.PAGE_TITLE} · 民政一键通"
    read = read_calculator(form or {})
    if form is not None and EDIT not in form and read.error is None:
        results = match(kb(), read.facts)
        return Rendered(200, f"结果：{page_title}", head + _calc_results(results, read.answers), "#calc-result")
    posted = form is not None and EDIT not in form
    err = read.error if posted else None
    return Rendered(200, ("错误：" if err else "") + page_title, head + _calc_form(read.answers, err, read.error_field),
                "#error-summary" if err else "#calc-form")


def _calc_form(answers: Mapping[str, str], err: FactError | None, bad: str) -> str:
    def kw(name: str) -> dict:
        return {"fid": CALC_FIELD_ID[name], "invalid": err is not None and bad == name,
                "error": err.message if err else ""}

    a = answers.get
    fields = [
        forms.text_field("birth_date", T.Q_BIRTH, hint=T.Q_BIRTH_HINT, value=a("birth_date", ""), **kw("birth_date")),
        forms.text_field("age", T.Q_AGE, hint=T.Q_AGE_HINT, value=a("age", ""), numeric=True, short=True, **kw("age")),
        forms.select_field("hukou", T.Q_CITY, T.CITY_OPTIONS, value=a("hukou", ""), **kw("hukou")),
        forms.text_field("county", T.Q_COUNTY, hint=T.Q_COUNTY_HINT, value=a("county", ""), **kw("county")),
        forms.select_field("disability", T.Q_DISABILITY, T.DISABILITY_OPTIONS, value=a("disability", ""),
                           **kw("disability")),
        forms.select_field("grade", T.Q_GRADE, T.GRADE_OPTIONS, value=a("grade", ""), **kw("grade")),
        forms.radio_group("household", T.Q_HOUSEHOLD, T.HOUSEHOLD_OPTIONS, checked=a("household", ""),
                          **kw("household")),
        *[forms.radio_group(k, q, T.YES_NO, checked=a(k, ""), **kw(k)) for k, q in T.YES_NO_QUESTIONS],
    ]
    summary = forms.error_summary([(err.message, "#" + CALC_FIELD_ID[bad])] if err else [])
    return (f'<form method="post" action="{urls.CALCULATOR}" novalidate id="calc-form">' + summary
            + f"<p>{e(T.LEAD)}</p>" + f'<p class="muted">{e(T.NOTHING_STORED)}</p>' + "".join(fields)
            + f'<input type="hidden" name="{SENT}" value="1"/>'
            + f'<button type="submit" class="button" id="calc-submit">{e(T.SUBMIT)}</button></form>')


def _match_card(m: Match) -> str:
    cls = {"likely": "result-yes", "no": "result-no"}.get(m.verdict, "result-maybe")
    name = e(m.name)
    out = [f'<article class="result calc-match" data-code="{e(m.service_code)}" data-verdict="{e(m.verdict)}">'
           f'<h3 class="{cls}">{name}</h3><p class="verdict">结论：{e(T.VERDICT_LABEL[m.verdict])}</p>']
    a = m.automatic
    if a is not None:
        out.append(f'<div class="hint calc-automatic" role="note"><p><strong>{e(T.AUTO_TITLE)}</strong></p>'
                   f"<p>{e(a.how)}</p><p><strong>{e(T.AUTO_PAYMENT)}：</strong>{e(a.payment)}</p>"
                   f"<p><strong>{e(T.AUTO_CONTACT)}：</strong>{e(a.contact)}</p></div>")
    if m.reasons:
        out.append(f"<div><p><strong>{e(T.WHY)}</strong></p>{_ul(m.reasons)}</div>")
    can_apply = bool(m.apply_url) and a is None and m.verdict != "no"
    guide = (f'<a href="{e(m.guide_url)}" class="button button-secondary">{e(T.GUIDE)}'
             f'<span class="visually-hidden">：{name}</span></a>')
    first = (f'<a href="{e(m.apply_url)}" class="button">{e(T.APPLY)}<span class="visually-hidden">{name}</span></a>'
             if can_apply else guide)
    out.append(f'<div class="actions">{first}</div>')
    more = [f"<summary>{e(T.MORE_DEPENDS if m.missing else T.MORE)}</summary>"]
    if m.missing:
        more.append(f"<div><p><strong>{e(T.STILL_DEPENDS)}</strong></p>{_ul(m.missing)}</div>")
    how = (m.how_to_apply or "") if a is None else ""
    if how:
        more.append(f"<p><strong>{e(T.HOW_LOCAL)}：</strong>{e(how)}</p>")
    if m.verdict != "no":
        more.append(f"<div><p><strong>{e(T.PREPARE)}</strong></p>{_ul(m.materials)}</div>")
    more.append(f"<p><strong>{e(T.ASK)}：</strong>{e(m.contact)}</p>")
    links = []
    if m.verdict != "no":
        links.append(f'<a href="{e(m.family_url)}" class="button button-secondary">{e(T.FAMILY)}'
                     f'<span class="visually-hidden">{name}</span></a>')
    if can_apply:
        links.append(guide)
    more.append(f'<div class="actions">{"".join(links)}</div>')
    out.append('<details class="faq">' + "".join(more) + "</details></article>")
    return "".join(out)


def _calc_results(results: list[Match], answers: Mapping[str, str]) -> str:
    likely = [m for m in results if m.verdict == "likely"]
    maybe = [m for m in results if m.verdict == "maybe"]
    no = [m for m in results if m.verdict == "no"]
    out = ['<section><h2 id="calc-result" tabindex="-1">结果</h2>',
           f'<p role="status">{e(T.RESULT_COUNT.format(likely=len(likely), maybe=len(maybe)))}</p>',
           f'<section id="calc-likely"><h2>{e(T.GROUP_LIKELY)}</h2>'
           + ("".join(_match_card(m) for m in likely) if likely else f'<p class="hint">{e(T.NONE_LIKELY)}</p>')
           + "</section>"]
    if maybe:
        out.append(f'<section id="calc-maybe"><h2>{e(T.GROUP_MAYBE)}</h2>{"".join(_match_card(m) for m in maybe)}'
                   "</section>")
    if no:
        out.append(f'<section id="calc-no"><details class="faq"><summary>{e(T.GROUP_NO)}（{len(no)}项）</summary>'
                   f'{"".join(_match_card(m) for m in no)}</details></section>')
    out.append(f'<p class="muted">{e(T.DISCLAIMER)}</p>')
    # 改一改回答: the answers go back in the body (never the address), the questions come back filled in
    out.append(f'<form method="post" action="{urls.CALCULATOR}" class="actions">' + _hidden(answers)
               + f'<input type="hidden" name="{EDIT}" value="1"/>'
               f'<button type="submit" class="button button-secondary">{e(T.AGAIN)}</button></form></section>')
    return "".join(out)
