"""Issue 13, the city picker "remembered, and offered from the search box and the assistant", in
Chromium, 标准版 and 长辈版: a city chosen on a guide is the city of the search page's direct answer
(and of its own picker) and of the assistant's answer, for a question that names no city; axe-core
and the measured rules on the search page with the picker."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accessibility.audit import assert_page_passes
from accessibility.browsing import PHONE, settle, with_mode

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
QUESTION = "尊老金每月多少"


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_city_chosen_on_a_guide_answers_search_and_the_assistant(browser: Browser, base_url: str, mode: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        go = lambda url: page.goto(with_mode(url, "elder") if mode == "elder" else url)  # noqa: E731
        go(base_url + "/services/MZ-ZLJ-01")
        settle(page, "#brief dt")
        page.get_by_label("老人户籍所在的城市").select_option("苏州市")
        page.wait_for_function("() => localStorage.getItem('mz_city') === '苏州市' && document.cookie.includes('mz_city=')")

        # search from the home page's search box, with a question that names no city
        go(base_url + "/")
        settle(page, "#q")
        page.locator("#q").fill(QUESTION)
        page.locator("#q").press("Enter")
        page.wait_for_url("**/search?q=*")
        settle(page, "#answer")
        box = page.locator("#answer")
        expect(box.locator(".answer-line").first).to_contain_text("苏州")
        expect(box.get_by_label("按城市看：")).to_have_value("苏州市")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"search-city-{mode}.png"), full_page=True)
        assert_page_passes(page, mode)

        # the box's own picker answers again for another city, and remembers it
        box.get_by_label("按城市看：").select_option("南京市")
        expect(box.locator(".answer-line").first).to_contain_text("南京")
        page.wait_for_function("() => localStorage.getItem('mz_city') === '南京市'")
        box.get_by_label("按城市看：").select_option("苏州市")
        expect(box.locator(".answer-line").first).to_contain_text("苏州")

        # the assistant: the same question, the remembered city
        go(base_url + "/chat?q=" + QUESTION)
        expect(page.locator("#chat-log > *").last).to_contain_text("苏州", timeout=30_000)
    finally:
        context.close()


def test_a_chosen_city_is_remembered_before_the_server_answers(browser: Browser, base_url: str):
    """The choice is written on the device in the same moment it is made, not after the page's
    round trip to the server: a citizen who picks 苏州市 and at once opens the assistant was
    answered for 南京 (the city picked before) on a loaded machine."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(base_url + "/services/MZ-ZLJ-01")
        settle(page, "#brief dt")
        # choose and read in one task of the page: no websocket message can come in between
        seen = page.evaluate("""() => {
            const s = document.querySelector('select.city-select');
            s.value = '无锡市';
            s.dispatchEvent(new Event('change', {bubbles: true}));
            return [localStorage.getItem('mz_city'), document.cookie];
        }""")
        assert seen[0] == "无锡市"
        assert "mz_city=" + "%E6%97%A0%E9%94%A1%E5%B8%82" in seen[1]
    finally:
        context.close()
