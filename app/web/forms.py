"""Form primitives of the server-rendered pages: the same markup as app/ui/forms.py (GOV.UK form
groups, radios in a fieldset, the error summary), as HTML strings, so the page a reader without
JavaScript gets and the hydrated page look and read the same.

Every value is escaped. A field is ``invalid`` with its ``error`` words; the hint and the error are
on the control's (or the fieldset's) ``aria-describedby``; the error is said as 错误：… (never
colour alone). The error summary is the focusable ``#error-summary`` with an inner
``role="alert"``, each error a link to its field.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: Mirrors app/ui/text.py (tests/web/test_render.py checks they stay the same).
ERROR_SUMMARY_TITLE = "请先改正以下问题"
ERROR_PREFIX = "错误："

Options = Sequence[tuple[str, str]]


def e(value) -> str:
    return escape(str(value if value is not None else ""), quote=True)


def _group_class(invalid: bool) -> str:
    return "field field-has-error" if invalid else "field"


def _hint(fid: str, hint: str) -> str:
    return f'<p id="{e(fid)}-hint" class="hint-text">{e(hint)}</p>' if hint else ""


def _error(fid: str, invalid: bool, error: str) -> str:
    if not invalid:
        return ""
    return (f'<p id="{e(fid)}-error" class="field-error"><span class="visually-hidden">{e(ERROR_PREFIX)}</span>'
            f"{e(error)}</p>")


def _described(fid: str, hint: str, invalid: bool) -> str:
    ids = [f"{fid}-hint"] * bool(hint) + [f"{fid}-error"] * bool(invalid)
    return f' aria-describedby="{e(" ".join(ids))}"' if ids else ""


def text_field(name: str, label: str, *, fid: str | None = None, hint: str = "", invalid: bool = False,
               error: str = "", value: str = "", numeric: bool = False, short: bool = False) -> str:
    fid = fid or name
    mode = "numeric" if numeric else "text"
    cls = "input input-short" if short else "input"
    return (f'<div class="{_group_class(invalid)}"><label for="{e(fid)}" class="question">{e(label)}</label>'
            + _hint(fid, hint) + _error(fid, invalid, error)
            + f'<input type="text" id="{e(fid)}" name="{e(name)}" class="{cls}" value="{e(value)}" '
              f'inputmode="{mode}" autocomplete="off"{_described(fid, hint, invalid)} '
              f'aria-invalid="{"true" if invalid else "false"}"/></div>')


def select_field(name: str, label: str, options: Options, *, fid: str | None = None, hint: str = "",
                 invalid: bool = False, error: str = "", value: str = "", class_name: str = "input") -> str:
    fid = fid or name
    opts = "".join(f'<option value="{e(v)}"{" selected" if v == value else ""}>{e(t)}</option>'
                   for v, t in options)
    return (f'<div class="{_group_class(invalid)}"><label for="{e(fid)}" class="question">{e(label)}</label>'
            + _hint(fid, hint) + _error(fid, invalid, error)
            + f'<select id="{e(fid)}" name="{e(name)}" class="{e(class_name)}"{_described(fid, hint, invalid)} '
              f'aria-invalid="{"true" if invalid else "false"}">{opts}</select></div>')


def radio_group(name: str, legend: str, options: Options, *, fid: str | None = None, hint: str = "",
                invalid: bool = False, error: str = "", checked: str = "") -> str:
    """A ``<fieldset>`` of radios, each radio's id ``ID-value`` (as app/ui/forms.radio_group)."""
    fid = fid or name
    radios = "".join(
        f'<div class="choice"><input type="radio" name="{e(name)}" value="{e(v)}" id="{e(fid)}-{e(v)}" '
        f'class="radio"{" checked" if v == checked else ""}/><label for="{e(fid)}-{e(v)}">{e(t)}</label></div>'
        for v, t in options)
    return (f'<fieldset id="{e(fid)}" class="{_group_class(invalid)}"{_described(fid, hint, invalid)}>'
            f'<legend class="question">{e(legend)}</legend>' + _hint(fid, hint) + _error(fid, invalid, error)
            + radios + "</fieldset>")


def error_summary(errors: Sequence[tuple[str, str]], box_id: str = "error-summary") -> str:
    """The GOV.UK error summary for ``(message, "#field-id")`` pairs; '' when there are none."""
    if not errors:
        return ""
    items = "".join(f'<li><a href="{e(href)}">{e(msg)}</a></li>' for msg, href in errors)
    return (f'<div id="{e(box_id)}" tabindex="-1" class="error-summary"><div role="alert">'
            f'<h2 class="error-summary-title">{e(ERROR_SUMMARY_TITLE)}</h2><ul>{items}</ul></div></div>')
