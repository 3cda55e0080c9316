"""Form primitives for every citizen page, the GOV.UK way, so each page says *what* it asks and
none writes the accessibility wiring again.

Every field is the same block, in the same order (GOV.UK "form group"):

    <div class="field [field-has-error]">
      <label for=ID class="question">…</label>
      <p id="ID-hint" class="hint-text">…</p>                         (optional)
      <p id="ID-error" class="field-error"><span class="visually-hidden">错误：</span>…</p>  (when invalid)
      <input id=ID aria-describedby="ID-hint ID-error" aria-invalid="true|false" class="input">
    </div>

so a screen reader hears the label, the hint and the error when the control takes focus, and the
error is also said in words (never colour alone). Radios are a ``<fieldset>`` with a ``<legend>``
and the descriptions on the fieldset. Sizes come from the shared classes (``.input``, ``.choice``,
``.radio``): in 长辈版 ``assets/elder.css`` makes each of them a ≥ 60 px touch target.

An error is given as ``invalid`` (whether the field is wrong now: a bool or a boolean Var) and
``error`` (the words: a string, a Var or a component, e.g. a ``rx.foreach`` over the page's error
list). A field that is never checked passes neither.

The error summary follows govuk-frontend's markup: the focusable container (``tabindex=-1``, the
page moves focus to it after a failed submit) holds an inner ``role="alert"`` element, so the
announcement does not race the focus move; it lists each error as a link to its field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx
from reflex.vars.base import Var

from app.ui import text

Flag = bool | Var
Words = str | Var | rx.Component


def _is_set(flag: Flag) -> bool:
    """Whether the field can be invalid at all (a Var always can; a plain bool only if True)."""
    return isinstance(flag, Var) or bool(flag)


def _when(flag: Flag, yes: Any, no: Any) -> Any:
    """``yes`` if the field is invalid, else ``no`` — decided in Python when the flag is a bool."""
    if isinstance(flag, Var):
        return rx.cond(flag, yes, no)
    return yes if flag else no


def field_class(invalid: Flag = False) -> Any:
    """The form group's class: ``field`` and, while invalid, ``field-has-error`` (the red bar)."""
    return _when(invalid, "field field-has-error", "field")


def hint_text(fid: str | Var, hint: Words = "") -> rx.Component:
    """The hint under the label (``ID-hint``), or nothing."""
    if isinstance(hint, str) and not hint:
        return rx.fragment()
    return rx.el.p(hint, id=fid + "-hint", class_name="hint-text")


def error_message(fid: str | Var, invalid: Flag = False, error: Words = "") -> rx.Component:
    """The field's own error (``ID-error``), said as 错误：… to a screen reader; shown while invalid."""
    if not _is_set(invalid):
        return rx.fragment()
    message = rx.el.p(rx.el.span(text.ERROR_PREFIX, class_name="visually-hidden"), error,
                      id=fid + "-error", class_name="field-error")
    return rx.cond(invalid, message) if isinstance(invalid, Var) else message


def described_by(fid: str | Var, *, hint: bool = False, invalid: Flag = False) -> Any:
    """``aria-describedby`` for a control: the hint, then the error while it shows (None if neither)."""
    error_id = fid + "-error"
    if not hint:
        return _when(invalid, error_id, None)
    hint_id = fid + "-hint"
    return _when(invalid, hint_id + " " + error_id, hint_id)


def _has_hint(hint: Words) -> bool:
    return not (isinstance(hint, str) and not hint)


def text_field(name: str, label: Words, *, fid: str | None = None, hint: Words = "", invalid: Flag = False,
               error: Words = "", kind: str = "text", rows: int | None = None, class_name: str = "input",
               **attrs: Any) -> rx.Component:
    """A labelled text input (``kind`` is its ``type``: text, tel …) or, with ``rows``, a textarea.

    ``attrs`` go to the control (``input_mode``, ``auto_complete``, ``default_value``, ``max_length`` …).
    """
    fid = fid or name
    control_attrs = dict(id=fid, name=name, class_name=class_name,
                         aria_describedby=described_by(fid, hint=_has_hint(hint), invalid=invalid),
                         aria_invalid=_when(invalid, "true", "false"), **attrs)
    control = (rx.el.textarea(rows=rows, **control_attrs) if rows else
               rx.el.input(type=kind, **control_attrs))
    return rx.el.div(
        rx.el.label(label, html_for=fid, class_name="question"),
        hint_text(fid, hint),
        error_message(fid, invalid, error),
        control,
        class_name=field_class(invalid),
    )


Options = Sequence[tuple[str, str]]


def _options(options: Options, first: tuple[str, str] | None) -> list[rx.Component]:
    return [rx.el.option(label, value=value) for value, label in ([first] if first else []) + list(options)]


def select_field(name: str, label: Words, options: Options, *, fid: str | None = None, hint: Words = "",
                 invalid: Flag = False, error: Words = "", first: tuple[str, str] | None = None,
                 class_name: str = "input", **attrs: Any) -> rx.Component:
    """A labelled ``<select>`` of ``(value, label)`` options; ``first`` is an extra first option (请选择)."""
    fid = fid or name
    return rx.el.div(
        rx.el.label(label, html_for=fid, class_name="question"),
        hint_text(fid, hint),
        error_message(fid, invalid, error),
        rx.el.select(*_options(options, first), id=fid, name=name, class_name=class_name,
                     aria_describedby=described_by(fid, hint=_has_hint(hint), invalid=invalid),
                     aria_invalid=_when(invalid, "true", "false"), **attrs),
        class_name=field_class(invalid),
    )


def _radio(name: str, value: str | Var, label: Words, oid: str | Var, checked: Var | None) -> rx.Component:
    extra = {"default_checked": checked == value} if checked is not None else {}
    return rx.el.div(
        rx.el.input(type="radio", name=name, value=value, id=oid, class_name="radio", **extra),
        rx.el.label(label, html_for=oid),
        class_name="choice",
    )


def radio_group(name: str, legend: Words, options: Options | Var, *, fid: str | Var | None = None,
                hint: Words = "", invalid: Flag = False, error: Words = "", checked: Var | None = None,
                describe: bool = True, **attrs: Any) -> rx.Component:
    """A ``<fieldset>`` of radios with its question as the ``<legend>`` (GOV.UK radios).

    ``options`` is a list of ``(value, label)`` or a Var list of strings (each its own label); each
    radio's id is ``ID-value``. ``checked`` is the current answer (a Var), to tick it again.
    The hint and error are on the fieldset's ``aria-describedby`` (GOV.UK), so they are announced
    when the group is entered (``describe=False`` where the page describes the group itself).
    """
    fid = fid if fid is not None else name
    if isinstance(options, Var):
        choices: list[rx.Component] = [rx.foreach(options, lambda o: _radio(name, o, o, fid + "-" + o, checked))]
    else:
        choices = [_radio(name, value, label, f"{fid}-{value}", checked) for value, label in options]
    if describe:
        attrs["aria_describedby"] = described_by(fid, hint=_has_hint(hint), invalid=invalid)
    return rx.el.fieldset(
        rx.el.legend(legend, class_name="question"),
        hint_text(fid, hint),
        error_message(fid, invalid, error),
        *choices,
        id=fid,
        class_name=field_class(invalid),
        **attrs,
    )


def error_summary_box(show: Var, *body: rx.Component, box_id: str = "error-summary") -> rx.Component:
    """The error summary's frame (govuk-frontend markup): a focusable container ``box_id`` with an
    inner ``role="alert"`` holding the title and ``body``; rendered only while ``show``."""
    return rx.cond(show, rx.el.div(
        rx.el.div(
            rx.el.h2(text.ERROR_SUMMARY_TITLE, class_name="error-summary-title"),
            *body,
            role="alert",
        ),
        id=box_id,
        tab_index=-1,
        class_name="error-summary",
    ))


def error_links(errors: Var) -> rx.Component:
    """Each error (``.title``, ``.url`` = ``#field-id``) as a link to its field."""
    return rx.el.ul(rx.foreach(errors, lambda e: rx.el.li(rx.el.a(e.title, href=e.url))))


def error_summary(errors: Var, *, box_id: str = "error-summary") -> rx.Component:
    """GOV.UK error summary for a list of errors; the page moves focus to ``#error-summary``."""
    return error_summary_box(errors.length() > 0, error_links(errors), box_id=box_id)


def step_list(items: Var | Sequence[Any], render: Callable[[Any], rx.Component] | None = None, *,
              class_name: str | None = "steps", **attrs: Any) -> rx.Component:
    """An ordered list of steps (the order is the meaning, so ``<ol>``): a Var list rendered with
    ``render``, or plain items (strings or components) as they are. ``class_name=None``: the plain
    list style (a short numbered list in running text)."""
    if isinstance(items, Var):
        return rx.el.ol(rx.foreach(items, render or (lambda s: rx.el.li(s))), class_name=class_name, **attrs)
    render = render or (lambda s: rx.el.li(s))
    return rx.el.ol(*[render(s) for s in items], class_name=class_name, **attrs)
