"""The chat components render what their accessibility depends on (the page itself is tested
in a real browser by tests/e2e/test_chat_page.py)."""

from __future__ import annotations

from app.ui import chat_components as cc


def test_launcher_is_a_labelled_link_to_the_chat():
    js = str(cc.chat_launcher())
    assert js.startswith('jsx("aside"') and '"aria-label"' in js  # a named landmark
    assert 'to:"/chat"' in js and 'className:"chat-launcher"' in js


def test_log_is_a_polite_live_region_and_the_input_is_labelled():
    log = str(cc.chat_log())
    assert 'role:"log"' in log and '"aria-live":"polite"' in log
    form = str(cc.chat_form())
    assert 'htmlFor:"chat-input"' in form and 'id:"chat-input"' in form


def test_intro_says_it_is_an_assistant():
    assert "智能助手" in cc.INTRO and "不是真人" in cc.INTRO
