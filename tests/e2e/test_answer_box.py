"""The direct answer above the search results, in Chromium: the point asked, its source, honest
when unsure; axe-core and the measured rules in 标准版 and 长辈版."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect

from accessibility.audit import assert_page_passes
from accessibility.browsing import PHONE, settle, with_mode

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_direct_answer_for_the_point_asked(browser: Browser, base_url: str, mode: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        url = f"{base_url}/search?q={quote('申请低保需要带哪些材料')}"
        page.goto(with_mode(url, "elder") if mode == "elder" else url)
        settle(page, "#answer")
        box = page.locator("#answer")
        expect(box).to_be_visible()
        expect(box.get_by_role("heading", name="直接答复")).to_be_visible()
        expect(box).to_contain_text("身份证")
        link = box.locator(".answer-source a")
        expect(link).to_have_attribute("href", re.compile(r"^/services/MZ-DB-01#(materials|faq-\d+)$"))
        # the answer comes before the results in reading order
        assert page.evaluate("document.querySelector('#answer').compareDocumentPosition("
                             "document.querySelector('#search-results')) & Node.DOCUMENT_POSITION_FOLLOWING")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"answer-box-{mode}.png"), full_page=True)
        assert_page_passes(page, mode)
    finally:
        context.close()


def test_other_province_answer_is_honest(browser: Browser, base_url: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/search?q={quote('河南省高龄津贴每月多少钱')}")
        settle(page, "#answer")
        box = page.locator("#answer")
        expect(box).to_have_attribute("data-status", "unsure")
        expect(box).to_contain_text("只收录江苏省")
        expect(box).to_contain_text("12345")
    finally:
        context.close()
