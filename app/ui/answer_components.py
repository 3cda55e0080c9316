"""The direct answer above the search results: the answer engine's reply to the point asked.

A thin adapter over ``app.answers`` (the same engine as the assistant, kiosk and hotline): the
box shows the answer in a few lines, where it comes from (a link to the FAQ or guide section), and,
when the engine is not sure, says so plainly instead of guessing. It loads on mount from the page's
``?q=`` so it needs no change to the search state. Chinese text lives here, with the UI.
"""

from __future__ import annotations

import reflex as rx

from app.ui.city_components import city_picker

TITLE = "直接答复"
FROM = "出处："
UNSURE_NOTE = "这个问题没有确切答复，下面的搜索结果也许有帮助。"
CHECK_NOTE = "具体以当地民政部门公布为准。"
CITY_LABEL = "按城市看："


class AnswerBoxState(rx.State):
    """One small state for the box (Reflex habit: one state class per feature)."""

    shown: bool = False
    lines: list[str] = []
    status: str = ""
    source_title: str = ""
    source_url: str = ""
    #: The city the answer is for: the one the query names, else the one remembered on this device.
    city: str = ""

    def _question(self) -> str:
        q = self.router.url.query_parameters.get("q", "")
        return q[:500] if isinstance(q, str) else ""

    @rx.event
    def load(self):
        from app.ui.city_components import remembered_city
        from app.ui.state import city_in

        q = self._question()
        self.city = city_in(q) or remembered_city(self)  # a city named in the query wins
        self._answer(q)

    @rx.event
    def choose_city(self, city: str):
        """The box's city picker: answers again for that city and remembers it (as on the guide)."""
        from app.ui.city_components import known_city, remember_city_script

        self.city = known_city(city)
        self._answer(self._question())
        return rx.call_script(remember_city_script(self.city))

    def _answer(self, q: str) -> None:
        from app.answers import AnswerContext, answer

        if not q.strip():
            self.shown = False
            return
        a = answer(q, AnswerContext(channel="web", city=self.city or None))
        if "question" in a.missing or "service" in a.missing and a.status == "unsure" and not a.source:
            self.shown = False
            return
        _note_gap(q, a)
        self.shown = True
        self.status = a.status
        self.lines = [line for line in a.text.split("\n") if line.strip()]
        self.source_title = a.source.title if a.source else ""
        self.source_url = a.source.url if a.source else ""


def _note_gap(q: str, a) -> None:
    """An abstention goes on the console's gap list, as from /api/answer (never fails the page)."""
    from app.answers import get_answer_engine
    from app.answers.gaps import gap_row

    row = gap_row(q, a, get_answer_engine().kb)
    if row is None:
        return
    try:
        from app.hotline.service import note_answer_gap
        from app.ui.session import engine

        note_answer_gap(engine(), **row)
    except Exception:  # noqa: BLE001 — the answer is still shown
        pass


def answer_box() -> rx.Component:
    """The box (a labelled region; its text is read by 朗读本页 like the rest of <main>)."""
    return rx.el.div(
        rx.cond(
            AnswerBoxState.shown,
            rx.el.section(
                rx.el.h2(TITLE, id="answer-title"),
                rx.foreach(AnswerBoxState.lines, lambda line: rx.el.p(line, class_name="answer-line")),
                rx.cond(AnswerBoxState.status == "unsure", rx.el.p(UNSURE_NOTE, class_name="muted")),
                rx.cond(
                    AnswerBoxState.source_url != "",
                    rx.el.p(FROM, rx.el.a(AnswerBoxState.source_title, href=AnswerBoxState.source_url),
                            class_name="answer-source"),
                ),
                city_picker(AnswerBoxState.city, AnswerBoxState.choose_city, label=CITY_LABEL,
                            select_id="answer-city", class_name="city-picker answer-city"),
                class_name="brief-box answer-box", id="answer", aria_labelledby="answer-title",
                custom_attrs={"data-status": AnswerBoxState.status},
            ),
        ),
        on_mount=AnswerBoxState.load,
        id="answer-slot",
    )
