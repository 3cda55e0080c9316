"""The /chat page in a real Chromium against the real app, Rasa and action server.

A citizen types a question (keyboard only) and gets a sourced answer in the live region;
suggested-question chips and reply buttons work; every reply can be read aloud; the page
passes axe-core; targets are ≥ 44 px, ≥ 60 px in 长辈版.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accessibility.axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session")
def assistant():
    """Rasa + action server. Session-scoped so that, run alone, it starts before the app (whose
    fixture is session-scoped too) and the app inherits RASA_URL; under .ci/test.sh the URL
    was reserved and exported before pytest started."""
    from tests.bot.servers import ensure_bot

    return ensure_bot()


def bot_replies(page: Page):
    return page.get_by_role("log").locator(".chat-msg-bot")


def test_question_gets_a_sourced_answer_by_keyboard(assistant, page: Page, base_url: str):
    page.goto(base_url + "/chat")
    expect(page.get_by_role("heading", level=1)).to_have_text("智能助手")
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(bot_replies(page).first).to_contain_text("智能助手")  # it says it is an assistant
    box = page.get_by_label("输入您的问题")
    box.focus()
    page.keyboard.type("尊老金怎么领？")
    page.keyboard.press("Enter")
    answer = bot_replies(page).nth(1)
    expect(answer).to_contain_text("尊老金", timeout=30000)
    expect(answer).not_to_contain_text("没有完全准备好")  # answered by Rasa, not the fallback
    expect(answer.get_by_role("link", name="看办事指南")).to_have_count(1)
    expect(answer.locator(".chat-source-link").first).to_have_attribute("href", re.compile(r"^/services/MZ-ZLJ-01"))
    expect(answer.get_by_role("button", name="转人工")).to_be_visible()
    expect(answer.get_by_role("button", name="朗读这条回答")).to_be_visible()
    expect(page.locator("#chat-input")).to_have_value("")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "chat-answer.png"), full_page=True)
    assert_no_axe_violations(page)


def test_chips_and_reply_buttons(assistant, page: Page, base_url: str):
    page.goto(base_url + "/chat")
    chips = page.get_by_role("region", name="你可能想问").get_by_role("button")
    expect(chips.first).to_be_visible()
    chips.filter(has_text="低保").first.click()
    expect(bot_replies(page).nth(1)).to_contain_text("低保", timeout=30000)
    # follow-up suggestions come from the item just answered
    expect(chips.first).not_to_have_text("尊老金怎么领？", timeout=10000)
    bot_replies(page).nth(1).get_by_role("button", name="转人工").click()
    expect(bot_replies(page).nth(2)).to_contain_text("已为您转人工", timeout=30000)
    expect(bot_replies(page).nth(2)).to_contain_text("排队编号")


def test_read_aloud_uses_speech_synthesis(assistant, page: Page, base_url: str):
    page.add_init_script("""
      window.__spoken = [];
      window.speechSynthesis.speak = (u) => window.__spoken.push(u.text + '|' + u.lang);
    """)
    page.goto(base_url + "/chat")
    page.get_by_role("button", name="朗读这条回答").first.click()
    page.wait_for_function("window.__spoken.length > 0", timeout=10000)
    spoken = page.evaluate("window.__spoken[0]")
    assert "智能助手" in spoken and spoken.endswith("|zh-CN")


def test_targets_are_large_and_larger_in_elder_mode(assistant, page: Page, base_url: str):
    page.goto(base_url + "/chat")
    chip = page.locator(".chat-chip").first
    expect(chip).to_be_visible()
    for sel in (".chat-chip", ".chat-send", "#chat-input", ".chat-speak"):
        box = page.locator(sel).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (sel, box)
    page.goto(base_url + "/chat?mode=elder")  # 长辈版, as the mode switch sets it (html.elder)
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    expect(page.locator(".chat-chip").first).to_be_visible()
    for sel in (".chat-chip", ".chat-send", "#chat-input", ".chat-speak"):
        box = page.locator(sel).first.bounding_box()
        assert box["height"] >= 60 and box["width"] >= 60, (sel, box)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("mode", ["", "?mode=elder"], ids=["normal", "elder"])
def test_the_direct_answer_to_the_point_asked_with_its_exact_source(assistant, page: Page, base_url: str, mode):
    """The engine's answer to the point asked (here: the materials) is shown word for word, with
    the guide section it comes from as a link; axe-core passes in both modes."""
    from app.answers import AnswerContext, answer

    question = "给我父亲申请重度残疾人护理补贴，需要准备哪些材料"
    direct = answer(question, AnswerContext(channel="chat"))
    assert direct.facet == "materials" and direct.source is not None
    page.goto(base_url + "/chat" + mode)
    if mode:
        expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    box = page.get_by_label("输入您的问题")
    box.fill(question)
    box.press("Enter")
    reply = bot_replies(page).nth(1)
    expect(reply.locator(".chat-text")).to_have_text(direct.text.strip(), timeout=30000)
    link = reply.locator(".chat-source-link").first
    expect(link).to_have_text(direct.source.title)
    expect(link).to_have_attribute("href", direct.source.url)
    expect(reply.get_by_role("link", name="在线办理").or_(reply.get_by_role("link", name="看办事指南")).first).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"chat-direct-answer{'-elder' if mode else ''}.png"), full_page=True)
    assert_no_axe_violations(page)


def test_what_can_i_get_is_asked_one_question_a_turn_with_answer_buttons(assistant, page: Page, base_url: str):
    """"我能领什么补贴": the calculator's questions one a turn; the answer buttons (city, 没有残疾人证,
    都不是) send their answer; the end lists 尊老金 first with 在线办理 and 打开政策计算器 links."""
    page.goto(base_url + "/chat?mode=elder")
    box = page.get_by_label("输入您的问题")
    box.fill("我能领什么补贴")
    box.press("Enter")
    expect(bot_replies(page).filter(has_text="今年多大岁数")).to_have_count(1, timeout=30000)
    box.fill("82")
    box.press("Enter")
    ask_city = bot_replies(page).filter(has_text="户口（户籍）在哪里")
    expect(ask_city).to_have_count(1, timeout=30000)
    expect(ask_city.locator(".chat-action")).to_have_count(16)  # 13 cities, 外省, 不知道, 不查了
    ask_city.get_by_role("button", name="南京", exact=True).click()
    ask_cert = bot_replies(page).filter(has_text="有没有残疾人证")
    expect(ask_cert).to_have_count(1, timeout=30000)
    ask_cert.get_by_role("button", name="没有残疾人证").click()
    ask_home = bot_replies(page).filter(has_text="低保边缘家庭？")
    expect(ask_home).to_have_count(1, timeout=30000)
    ask_home.get_by_role("button", name="都不是").click()
    result = bot_replies(page).filter(has_text="按您说的情况")
    expect(result).to_contain_text("1. 尊老金申领", timeout=30000)
    expect(result).to_contain_text("还要看具体情况的有")
    expect(result.get_by_role("link", name="在线办理：尊老金申领")).to_have_attribute("href", "/apply/MZ-ZLJ-01")
    expect(result.get_by_role("link", name="打开政策计算器")).to_have_attribute("href", "/calculator")
    expect(result.get_by_role("button", name="转人工")).to_be_visible()
    for b in ask_city.locator(".chat-action").all()[:3]:  # 长辈版: answer buttons are large targets too
        box_ = b.bounding_box()
        assert box_["height"] >= 60, box_
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "chat-what-can-i-get.png"), full_page=True)
    assert_no_axe_violations(page)
