"""The channels present the engine's answer: hotline suggestions lead with it, the kiosk shows it."""

from __future__ import annotations

from app.hotline.suggest import suggest_for_query


def test_hotline_first_suggestion_is_the_engines_answer(engine):
    s = suggest_for_query("结婚登记需要什么材料", engine).suggestions[0]
    assert s.kind == "答复" and s.service_code == "MZ-HY-01"
    assert "身份证" in s.answer and s.url.startswith("/services/MZ-HY-01#")


def test_hotline_off_topic_still_gets_no_engine_answer(engine):
    assert not suggest_for_query("今天天气怎么样", engine).good


def test_kiosk_shows_the_answer_to_the_point():
    from app.ui import kiosk_state as ks

    view = ks.answer_view("办低保要带什么材料")
    assert view is not None
    title, sections, speech, code = view
    assert code == "MZ-DB-01" and "身份证" in speech and sections[0].lines


def test_kiosk_falls_back_to_the_list_when_unsure():
    from app.ui import kiosk_state as ks

    assert ks.answer_view("장애인 수당") is None
