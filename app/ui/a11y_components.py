"""Accessibility controls in every page's header: the 长辈版 switch and the read-aloud bar.

Both are plain HTML controls driven by small scripts in ``assets/js`` (``mode.js``,
``readaloud.js``) through ``data-*`` attributes, not by Reflex state: they work before React has
hydrated, without the websocket, and offline (``assets/offline.html`` carries the same markup).

- ``mode_switch()``: two real ``<button>``s, 标准版 and 长辈版, in a labelled group; the one in use has
  ``aria-pressed="true"`` (kept in sync by ``mode.js``), and its look (filled, with a ✓) comes from
  CSS keyed on ``html.elder`` so it is right from the first paint.
- ``mode_script()``: assets/js/mode.js inlined in <head> (no request before first paint; the file
  itself still serves the offline page).
- ``read_aloud_bar()``: 朗读本页 / 暂停 / 继续 / 停止 buttons (the last three appear while reading), a
  polite live region for state changes and errors, and a line showing the sentence being read.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import reflex as rx

MODE_JS = Path(__file__).resolve().parents[2] / "assets" / "js" / "mode.js"

MODE_GROUP_LABEL = "显示模式"
MODE_STANDARD = "标准版"
MODE_ELDER = "长辈版"

READ_GROUP_LABEL = "内容朗读"
READ_START, READ_START_LABEL = "朗读本页", "朗读本页主要内容"
READ_PAUSE, READ_PAUSE_LABEL = "暂停", "暂停朗读"
READ_RESUME, READ_RESUME_LABEL = "继续", "继续朗读"
READ_STOP, READ_STOP_LABEL = "停止", "停止朗读"


def _mode_button(label: str, mode: str, pressed: bool) -> rx.Component:
    return rx.el.button(
        label,
        type="button",
        class_name=f"mode-choice mode-choice-{mode}",
        custom_attrs={"data-mz-mode": mode, "aria-pressed": "true" if pressed else "false"},
    )


def mode_switch() -> rx.Component:
    """标准版 / 长辈版 toggle buttons (assets/js/mode.js applies and remembers the choice)."""
    return rx.el.div(
        _mode_button(MODE_STANDARD, "standard", True),
        _mode_button(MODE_ELDER, "elder", False),
        role="group",
        aria_label=MODE_GROUP_LABEL,
        class_name="mode-switch",
    )


def _read_button(text: str, label: str, kind: str, *, hidden: bool) -> rx.Component:
    attrs = {"data-readaloud": kind, "aria-label": label}
    return rx.el.button(
        text,
        type="button",
        hidden=hidden,
        class_name=f"button readaloud-{kind}" + ("" if kind == "start" else " button-secondary"),
        custom_attrs=attrs,
    )


def read_aloud_bar() -> rx.Component:
    """Read the page's <main> aloud, sentence by sentence (assets/js/readaloud.js)."""
    return rx.el.div(
        rx.el.div(
            _read_button(READ_START, READ_START_LABEL, "start", hidden=False),
            _read_button(READ_PAUSE, READ_PAUSE_LABEL, "pause", hidden=True),
            _read_button(READ_RESUME, READ_RESUME_LABEL, "resume", hidden=True),
            _read_button(READ_STOP, READ_STOP_LABEL, "stop", hidden=True),
            class_name="readaloud-buttons",
        ),
        rx.el.p(class_name="readaloud-status", role="status", custom_attrs={"data-readaloud-status": ""}),
        rx.el.p(class_name="readaloud-now", custom_attrs={"data-readaloud-now": ""}),
        role="group",
        aria_label=READ_GROUP_LABEL,
        class_name="readaloud-bar",
        custom_attrs={"data-readaloud-bar": ""},
    )


@cache
def _mode_js() -> str:
    code = MODE_JS.read_text(encoding="utf-8")
    code = re.sub(r"\A\s*/\*.*?\*/\s*", "", code, flags=re.S)      # the header comment
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("//"))


def mode_script() -> rx.Component:
    """assets/js/mode.js as an inline <head> script: 长辈版 is set before first paint without the
    render-blocking request a ``src`` script costs (≈ 160 ms on Lighthouse's slow 4G)."""
    return rx.el.script(_mode_js())
