"""Issue 13 journeys, in 标准版 and 长辈版: the guide answers first (for the reader's city), search
reaches the service from colloquial words and is bookmarkable, 测一测 lists what the guide lists,
the application is finished by keyboard alone, an ineligible applicant is stopped before submit,
and the 受理编号 is never cut off at 390 and 320 px. Figures are printed (run with -s)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accessibility.axe import assert_no_axe_violations
from accessibility.browsing import PHONE, settle, webview_context_args, with_mode
from tests.e2e.test_apply_journey import answer, sign_in, wait_hydrated
from tests.idnumbers import make_id

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
MODES = ["normal", "elder"]
GUIDE = "/services/MZ-ZLJ-01"


def _ctx(browser: Browser, width: int = 390):
    args = webview_context_args(width) if width == 320 else {"viewport": PHONE, "locale": "zh-CN"}
    return browser.new_context(**args)


def _open(page: Page, url: str, mode: str, ready: str | None = None) -> None:
    page.goto(with_mode(url, "elder") if mode == "elder" else url)
    settle(page, ready)


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("mode", MODES)
def test_guide_answers_first_for_the_chosen_city(browser: Browser, base_url: str, mode: str):
    ctx = _ctx(browser)
    page = ctx.new_page()
    try:
        _open(page, base_url + GUIDE, mode, "#brief dt")
        expect(page).to_have_title("尊老金申领 · 民政一键通")
        brief = page.locator("#brief")
        for label in ("谁能领", "领多少", "怎么领", "带什么", "问谁"):
            expect(brief.locator("dt", has_text=label)).to_be_visible()
        # the first screen answers 能不能领、领多少、去哪办、带什么
        # where the 带什么 label's text ends (its line, not the row box)
        bottom = page.evaluate("""() => { const dts = [...document.querySelectorAll('#brief dt')];
            const d = dts.find(x => x.textContent.includes('带什么')); const r = document.createRange();
            r.selectNodeContents(d); return r.getClientRects()[0].bottom; }""")
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"\nMEASURE guide {mode} 390: page height {height} px; 带什么 label ends at {bottom:.0f} px of 844")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"guide-first-screen-{mode}.png"))  # what the first screen shows
        assert bottom <= 844, f"带什么 is below the first screen ({bottom:.0f} px)"
        # citizen page: no internal fields up front, no repost links, sources under 更多信息
        assert "事项编码" not in page.locator("main > article > :not(details)").all_inner_texts().__str__()
        assert "163.com" not in page.content() and "kidbbs" not in page.content()
        expect(page.locator("#more")).not_to_have_attribute("open", "")
        assert "未找到公开规定" not in page.locator("#facts").inner_text()
        expect(page.locator("#facts")).to_contain_text("拨打 12345")
        expect(page.locator("#facts")).to_contain_text("代办人带上自己的身份证")
        # the contents list links to the sections
        expect(page.get_by_role("navigation", name="本页内容").get_by_role("link", name="要准备的材料")).to_have_attribute(
            "href", re.compile(r"#materials$"))
        shot(page, f"guide-brief-{mode}")

        # choose a city: its amount is shown, and the choice is remembered
        page.get_by_label("老人户籍所在的城市").select_option("南京市")
        expect(brief).to_contain_text("南京（2022年）")
        expect(page.locator("#amounts")).to_contain_text("南京市的标准")
        page.wait_for_function("() => localStorage.getItem('mz_city') === '南京市' && document.cookie.includes('mz_city=')")
        page.reload()
        settle(page, "#brief dt")
        expect(page.get_by_label("老人户籍所在的城市")).to_have_value("南京市")
        expect(brief).to_contain_text("南京（2022年）")
        shot(page, f"guide-nanjing-{mode}")

        # FAQ questions keep a visible disclosure marker; summary has the 3 px focus ring
        summary = page.locator(".faq summary").first
        marker = page.evaluate("""() => { const s = document.querySelector('.faq summary');
            const b = getComputedStyle(s, '::before').content; const m = getComputedStyle(s, '::marker').content;
            return {display: getComputedStyle(s).display, before: b, marker: m}; }""")
        assert marker["display"] == "list-item" or marker["before"] not in ("none", "normal", '""'), marker
        summary.focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")
        ring = page.evaluate("""() => { const s = document.activeElement; const cs = getComputedStyle(s);
            return [s.tagName, cs.outlineStyle, cs.outlineWidth]; }""")
        assert ring == ["SUMMARY", "solid", "3px"], ring
        assert_no_axe_violations(page)
        # measure at 320 px as well
        page.set_viewport_size({"width": 320, "height": 640})
        settle(page)
        print(f"MEASURE guide {mode} 320 (南京): page height {page.evaluate('document.documentElement.scrollHeight')} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        ctx.close()


@pytest.mark.parametrize("mode", MODES)
def test_search_reaches_the_service_and_is_bookmarkable(browser: Browser, base_url: str, mode: str):
    ctx = _ctx(browser)
    page = ctx.new_page()
    try:
        _open(page, base_url + "/", mode)
        wait_hydrated(page)
        page.get_by_label("您想办什么事？").fill("我妈81岁了能领啥钱")
        page.get_by_role("button", name="搜索", exact=True).click()
        expect(page).to_have_url(re.compile(r"/search\?q="), timeout=15000)
        settle(page, "#search-results .result-title")
        expect(page).to_have_title(re.compile(r"^搜索：我妈81岁了能领啥钱"))
        services = page.locator("section.group", has=page.get_by_role("heading", name="服务", exact=True))
        expect(services.locator(".result-title").first).to_have_text("尊老金申领")
        expect(page.get_by_text("没有找到这一类的内容")).to_have_count(0)
        shot(page, f"search-colloquial-{mode}")
        # a query that names a service shows the service first, and a named city goes to the guide
        page.goto(with_mode(base_url + "/search?q=南京尊老金", mode) if mode == "elder" else base_url + "/search?q=南京尊老金")
        settle(page, "#search-results .result-title")
        first = page.locator("#search-results .result-title").first
        expect(first).to_have_text("尊老金申领")
        first.click()
        expect(page.locator("#brief")).to_contain_text("南京（2022年）", timeout=15000)
        assert_no_axe_violations(page)
    finally:
        ctx.close()


@pytest.mark.parametrize("mode", MODES)
def test_eligibility_lists_what_the_guide_lists(browser: Browser, base_url: str, mode: str):
    ctx = _ctx(browser)
    page = ctx.new_page()
    try:
        _open(page, base_url + GUIDE, mode, "#brief dt")
        guide_items = [t.strip() for t in page.locator(".checklist label").all_inner_texts()]
        _open(page, base_url + "/eligibility/MZ-ZLJ-01", mode, "form button")
        expect(page).to_have_title(re.compile(r"^测一测"))
        page.locator("label[for='q-hukou-是']").click()
        page.locator("label[for='q-age-80—99周岁']").click()
        page.get_by_role("button", name="看结果").click()
        prepare = page.locator("section.result ul").nth(1)
        expect(page.get_by_role("heading", name="要准备什么")).to_be_visible()
        got = [t.strip() for t in prepare.locator("li").all_inner_texts()]
        assert got == guide_items
        assert any("非必需" in g for g in got) and any("线上申请" in g for g in got)
        shot(page, f"eligibility-materials-{mode}")
    finally:
        ctx.close()


def _fill_to_check(page: Page, idn: str, keyboard: bool = False) -> None:
    values = [("text", "王秀英"), ("text", idn), ("choice", "南京市"), ("text", None), ("text", "6222021234567890123")]
    for kind, v in values:
        heading = page.get_by_role("heading", level=1)
        before = heading.inner_text()
        if keyboard:
            expect(heading).to_be_focused()  # focus moved to the question
            if kind == "choice":
                page.keyboard.press("Tab")  # first radio
                page.keyboard.press("Space")
                page.keyboard.press("Tab")  # out of the group: 保存并继续
                page.keyboard.press("Enter")
            else:
                page.keyboard.press("Tab")
                if v is not None:
                    page.keyboard.press("Control+A")
                    page.keyboard.type(v)
                page.keyboard.press("Enter")
            expect(heading).not_to_have_text(before, timeout=15000)
        elif kind == "choice":
            answer(page, choice=v)
        else:
            answer(page, v if v is not None else page.locator("#answer").input_value())


def test_keyboard_only_application_in_elder_mode(browser: Browser, base_url: str):
    ctx = _ctx(browser)
    page = ctx.new_page()
    try:
        _open(page, base_url + "/apply/MZ-ZLJ-01", "elder")
        sign_in(page, "13800138011")
        expect(page.get_by_role("heading", level=1)).to_have_text("申请人的姓名", timeout=20000)
        _fill_to_check(page, make_id("320102", "19420305", "051"), keyboard=True)
        expect(page.get_by_role("heading", level=1)).to_have_text("提交前请核对您的回答")
        expect(page.get_by_role("heading", level=1)).to_be_focused()
        submit = page.get_by_role("button", name="确认提交")
        submit.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="申请已提交")).to_be_visible(timeout=15000)
        _ref_fits(page, "elder", "keyboard")
    finally:
        ctx.close()


def _ref_fits(page: Page, mode: str, tag: str) -> None:
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 700})
        settle(page)
        box = page.locator("#ref").bounding_box()
        sw = page.evaluate("document.documentElement.scrollWidth")
        print(f"\nMEASURE 受理编号 {mode} {width}: page {sw} px wide, number {box['x']:.0f}–{box['x'] + box['width']:.0f} px")
        assert sw <= width and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.locator("#ref").evaluate("e => e.scrollWidth <= e.clientWidth")
        shot(page, f"apply-ref-{tag}-{mode}-{width}")


@pytest.mark.parametrize("mode", MODES)
def test_confirmation_number_fits_and_ineligible_is_stopped(browser: Browser, base_url: str, mode: str):
    ctx = _ctx(browser)
    page = ctx.new_page()
    phone = "13800138031" if mode == "elder" else "13800138032"
    try:
        _open(page, base_url + "/apply/MZ-ZLJ-01", mode)
        sign_in(page, phone)
        expect(page.get_by_role("heading", level=1)).to_have_text("申请人的姓名", timeout=20000)
        # born 1950: not 80 in 2026 — the same rule as 测一测 stops it before submit
        _fill_to_check(page, make_id("320102", "19500601", "071" if mode == "elder" else "091"))
        expect(page.locator("#eligibility-warning")).to_contain_text("现在还不能领取")
        expect(page.get_by_role("button", name="确认提交")).to_have_count(0)
        shot(page, f"apply-stopped-{mode}")
        assert_no_axe_violations(page)
        # correct the ID (修改 → back to the check page) and submit
        page.get_by_role("link", name="修改 申请人的身份证号码").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("申请人的身份证号码", timeout=15000)
        answer(page, make_id("320102", "19400601", "071" if mode == "elder" else "091"))
        expect(page.get_by_role("heading", level=1)).to_have_text("提交前请核对您的回答")
        expect(page.locator("#eligibility-warning")).to_have_count(0)
        page.get_by_role("button", name="确认提交").click()
        expect(page.get_by_role("heading", name="申请已提交")).to_be_visible(timeout=15000)
        _ref_fits(page, mode, "mouse")
        assert_no_axe_violations(page)
    finally:
        ctx.close()
