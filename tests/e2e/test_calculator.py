"""政策计算器 (/calculator) in Chromium: plain questions → what one may get, why, what to prepare,
在线办理 / 帮家人办; a kind error for an impossible date; axe-core and the measured rules in 标准版 and 长辈版."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accessibility.audit import audit
from accessibility.browsing import PHONE, settle, with_mode

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_calculator_journey(browser: Browser, base_url: str, mode: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        url = f"{base_url}/calculator"
        page.goto(with_mode(url, "elder") if mode == "elder" else url)
        settle(page, "#calc-form")
        expect(page.get_by_role("heading", name="我可能能领什么", level=1)).to_be_visible()
        report = audit(page, mode)

        # an impossible date: an error summary that takes focus and links to the field
        page.get_by_label("出生日期").fill("1945-02-30")
        page.get_by_role("button", name="看看能领什么").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("1945年2月没有30日")
        expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"#f-birth_date$"))
        expect(page.locator("#f-birth_date")).to_have_attribute("aria-invalid", "true")

        # plain answers → 尊老金 very likely, with why, what to prepare, and where to apply
        page.get_by_label("出生日期").fill("1945-03-01")
        page.get_by_label("户口在哪个城市？").select_option("南京市")
        page.locator("#f-household").get_by_label("都不是").check()
        page.get_by_role("button", name="看看能领什么").click()
        expect(page.locator("#calc-result")).to_be_focused()
        card = page.locator("#calc-likely [data-code='MZ-ZLJ-01']")
        expect(card).to_be_visible()
        expect(card).to_contain_text("已满80周岁")
        expect(card).to_contain_text("很可能可以领")
        expect(card.get_by_role("link", name="在线办理")).to_have_attribute("href", "/apply/MZ-ZLJ-01")
        card.locator("summary").click()  # the details: what to prepare, whom to ask, 帮家人办
        expect(card.get_by_role("link", name="帮家人办")).to_have_attribute("href", "/family?service=MZ-ZLJ-01")
        expect(card.get_by_text("身份证", exact=False).first).to_be_visible()
        # 低保 depends on what was not asked: it says which facts would decide
        db = page.locator("#calc-maybe [data-code='MZ-DB-01']")
        expect(db).to_contain_text("还要看")
        expect(db).to_contain_text("家庭财产")
        # 都不是 低保/特困: the 特困-only allowances are listed as not matching, folded away
        expect(page.locator("#calc-no")).to_contain_text("暂不符合")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"calculator-{mode}.png"), full_page=True)
        report += audit(page, mode)

        # change the answers: they are still there; 苏州 is 免申即享
        page.get_by_role("button", name="改一改回答").click()
        expect(page.get_by_label("出生日期")).to_have_value("1945-03-01")
        page.get_by_label("户口在哪个城市？").select_option("苏州市")
        page.get_by_role("button", name="看看能领什么").click()
        sz = page.locator("#calc-likely [data-code='MZ-ZLJ-01']")
        expect(sz).to_contain_text("不用申请（免申即享）")
        expect(sz.get_by_role("link", name="在线办理")).to_have_count(0)
        assert not report, "\n".join(report)
    finally:
        context.close()


def test_home_links_to_the_calculator(browser: Browser, base_url: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        settle(page)
        page.get_by_role("link", name="我可能能领什么（政策计算器）").click()
        expect(page).to_have_url(base_url + "/calculator")
        expect(page.get_by_role("heading", name="我可能能领什么", level=1)).to_be_visible()
    finally:
        context.close()
