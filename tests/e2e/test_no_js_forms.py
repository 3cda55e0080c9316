"""Issue 11: 测一测, the 政策计算器 and the guide's city picker as plain forms without JavaScript;
the hand-over from the server's page to the hydrated one loses no tap and nothing typed.

Without JavaScript (Chromium with it disabled) a reader completes 测一测 and the calculator — a bad
answer first, the error summary with the answers kept, then the result — and picks a city that
is remembered. axe-core and the measured 长辈版 rules pass on those pages in both modes. With
JavaScript, a press that begins on the server's block just before the hand-over (the app's
websocket held back until then) still follows its link, and what was typed into the block is in
the hydrated page's field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accessibility.audit import audit
from accessibility.browsing import PHONE
from app.applications.eligibility import evaluate
from app.web import calculator_text as T

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
NO_JS = {"java_script_enabled": False, "viewport": PHONE, "locale": "zh-CN"}
EVENTS = re.compile(r".*/_event.*")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"no-js-{name}.png"), full_page=True)


def test_a_check_is_completed_without_javascript(browser: Browser, base_url: str):
    ctx = browser.new_context(**NO_JS)
    page = ctx.new_page()
    try:
        page.goto(base_url + "/eligibility/MZ-ZLJ-01")
        expect(page.locator("h1")).to_have_text("测一测：能不能申请尊老金")
        page.get_by_role("group", name="老人的户口在江苏吗？").get_by_label("是").check()
        page.get_by_role("button", name="看结果").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("请回答：老人今年多大年纪？")
        expect(page).to_have_title(re.compile("^错误："))
        expect(page.get_by_role("group", name="老人的户口在江苏吗？").get_by_label("是")).to_be_checked()  # kept
        summary.get_by_role("link").click()
        page.get_by_role("group", name="老人今年多大年纪？").get_by_label("100周岁及以上").check()
        page.get_by_role("button", name="看结果").click()
        want = evaluate("MZ-ZLJ-01", {"hukou": "是", "age": "100周岁及以上"})
        expect(page.locator("#result-heading")).to_have_text(want.headline)
        expect(page.get_by_text(want.reasons[1], exact=True)).to_be_visible()
        assert "?" not in page.url  # the answers were posted, not put into the address
        _shot(page, "check-result")
        page.get_by_role("link", name="重新回答").click()
        expect(page.get_by_role("button", name="看结果")).to_be_visible()
    finally:
        ctx.close()


def test_the_calculator_is_completed_without_javascript(browser: Browser, base_url: str):
    ctx = browser.new_context(**NO_JS)
    page = ctx.new_page()
    try:
        page.goto(base_url + "/calculator")
        expect(page.locator("h1")).to_have_text(T.TITLE)
        page.get_by_label(T.Q_BIRTH).fill("1941-02-30")
        page.get_by_label(T.Q_CITY).select_option("南京市")
        page.get_by_role("group", name=T.YES_NO_QUESTIONS[0][1]).get_by_label("是").check()
        page.get_by_role("button", name=T.SUBMIT).click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("1941年2月没有30日，请核对出生日期。")
        expect(page.locator("#f-birth_date-error")).to_contain_text("1941年2月没有30日")
        expect(page.get_by_label(T.Q_CITY)).to_have_value("南京市")  # every answer kept
        expect(page.get_by_role("group", name=T.YES_NO_QUESTIONS[0][1]).get_by_label("是")).to_be_checked()
        _shot(page, "calculator-error")
        page.get_by_label(T.Q_BIRTH).fill("1941-02-28")
        page.get_by_role("button", name=T.SUBMIT).click()
        expect(page.locator("#calc-result")).to_have_text("结果")
        zlj = page.locator('.calc-match[data-code="MZ-ZLJ-01"]')
        expect(zlj).to_have_attribute("data-verdict", "likely")
        expect(zlj.get_by_role("link", name=re.compile("在线办理"))).to_have_attribute("href", re.compile("/apply/"))
        assert "1941" not in page.url
        _shot(page, "calculator-result")
        page.get_by_role("button", name=T.AGAIN).click()
        expect(page.get_by_label(T.Q_BIRTH)).to_have_value("1941-02-28")
        expect(page.get_by_label(T.Q_CITY)).to_have_value("南京市")
    finally:
        ctx.close()


def test_the_city_is_picked_and_remembered_without_javascript(browser: Browser, base_url: str):
    ctx = browser.new_context(**NO_JS)
    page = ctx.new_page()
    try:
        page.goto(base_url + "/services/MZ-ZLJ-01")
        page.get_by_label("老人户籍所在的城市").select_option("苏州市")
        page.get_by_role("button", name="看这个城市的信息").click()
        expect(page.locator("#brief")).to_contain_text("下面是苏州的信息。")
        page.goto(base_url + "/services/MZ-DB-01")  # another guide: the city is remembered
        expect(page.get_by_label("户籍所在的城市")).to_have_value("苏州市")
        page.get_by_label("户籍所在的城市").select_option("")
        page.get_by_role("button", name="看这个城市的信息").click()
        expect(page.get_by_label("户籍所在的城市")).to_have_value("")
        page.goto(base_url + "/services/MZ-ZLJ-01")
        expect(page.get_by_label("老人户籍所在的城市")).to_have_value("")
    finally:
        ctx.close()


def _without_scripts(html: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S | re.I)


POSTS = {
    "check-error": ("/eligibility/MZ-CJR-01", {"sent": "1", "certificate": "是"}),
    "check-result": ("/eligibility/MZ-DB-01", {"sent": "1", "income": "不清楚", "assets": "没有", "illness": "是"}),
    "calc-error": ("/calculator", {"sent": "1", "hukou": "南京市", "county": "昆山市"}),
    "calc-result": ("/calculator", {"sent": "1", "age": "82", "hukou": "镇江市", "disability": "肢体", "grade": "2",
                                    "household": "低保", "long_term_care": "是"}),
}


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("what", ["/calculator", "/eligibility/MZ-ZLJ-01", "/services/MZ-ZLJ-01?city=镇江市", *POSTS])
def test_no_js_forms_pass_axe_and_the_measured_rules(browser: Browser, base_url: str, mode: str, what: str):
    """The page as a reader without JavaScript gets it (its scripts taken out; axe injected)."""
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = ctx.new_page()
    cookie = {"mz_mode": mode if mode == "elder" else "standard"}
    headers = {"Accept": "text/html", "Cookie": f"mz_mode={cookie['mz_mode']}", "Origin": base_url}
    try:
        if what in POSTS:
            path, form = POSTS[what]
            served = page.request.post(base_url + path, form=form, headers=headers).text()
        else:
            path = what
            served = page.request.get(base_url + path, headers=headers).text()
        url = base_url + "/__no_js_view"
        page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                    body=_without_scripts(served)))
        page.goto(url)
        expect(page.locator("h1")).not_to_be_empty()
        assert (page.locator("html").get_attribute("class") or "").count("elder") == (mode == "elder")
        if "error" in what:
            expect(page.locator("#error-summary")).to_be_visible()
        report = audit(page, mode)
        assert not report, f"{what} ({mode}, no JavaScript):\n" + "\n".join(report)
    finally:
        ctx.close()


def _held_websocket(page: Page) -> list:
    """Hold the app's websocket back: the page hydrates, but gets no state until released."""
    held: list = []
    page.route_web_socket(EVENTS, lambda ws: held.append(ws))
    return held


def _release(page: Page, held: list) -> None:
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the app did not open its websocket"
    for ws in held:
        ws.connect_to_server()


_RECORD_POINTER = """
window.__mzLog = [];
for (const kind of ["pointerdown", "pointerup", "click", "scroll"]) {
  document.addEventListener(kind, (e) => {
    const t = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 80) : String(e.target);
    window.__mzLog.push([kind, Math.round(performance.now()), window.scrollY,
                         !!document.getElementById("mz-pre"), e.defaultPrevented, t]);
  }, true);
}
"""


def test_a_tap_that_begins_just_before_the_hand_over_is_not_swallowed(browser: Browser, base_url: str):
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = ctx.new_page()
    page.add_init_script(_RECORD_POINTER)  # what the press, release and click hit: said on a failure
    try:
        held = _held_websocket(page)
        page.goto(base_url + "/services/MZ-ZLJ-01")
        link = page.locator("#mz-pre").get_by_role("link", name="先测一测能不能办")
        under = ""
        for _ in range(30):  # until the scroll has settled (it may still be moving on a busy machine)
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            assert box
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            under = page.evaluate("([x, y]) => { const el = document.elementFromPoint(x, y);"
                                  " return el ? el.outerHTML.slice(0, 200) : '' }", [x, y])
            if "先测一测能不能办" in under:
                break
            page.wait_for_timeout(100)
        assert "先测一测能不能办" in under, under
        page.mouse.move(x, y)
        page.mouse.down()  # the press begins on the server's block …
        _release(page, held)  # … the websocket brings the page's content: the hand-over is due …
        page.wait_for_function(
            "() => [...document.body.children].some(s => s.id !== 'mz-pre' && s.classList.contains('site')"
            " && (s.querySelector('main h1')?.textContent || '').trim() !== '')", timeout=20000)
        page.wait_for_timeout(300)
        page.mouse.up()  # … and the finger is lifted: the tap still follows its link
        try:
            page.wait_for_url("**/eligibility/MZ-ZLJ-01", timeout=15000, wait_until="commit")
        except Exception as err:
            raise AssertionError(f"the tap went nowhere; what the page saw: {page.evaluate('window.__mzLog')}") from err
        expect(page.locator("h1")).to_have_text("测一测：能不能申请尊老金")
        expect(page.locator("#mz-pre")).to_have_count(0)
    finally:
        ctx.close()


def test_what_was_typed_before_the_hand_over_is_kept(browser: Browser, base_url: str):
    """The calculator's form needs no state, so its page takes over as soon as React hydrates: the
    app's scripts are held back until the reader has typed, chosen and ticked on the block."""
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = ctx.new_page()
    scripts = re.compile(r".*/assets/.*\.js(\?.*)?$")
    held: list = []
    released: list = []

    def hold(route):
        route.continue_() if released else held.append(route)

    try:
        page.route(scripts, hold)
        page.goto(base_url + "/calculator", wait_until="commit")
        block = page.locator("#mz-pre")
        block.get_by_label(T.Q_BIRTH).fill("1944-05-06")
        block.get_by_label(T.Q_CITY).select_option("常州市")
        block.get_by_role("group", name=T.YES_NO_QUESTIONS[1][1]).get_by_label("否").check()
        block.get_by_label(T.Q_COUNTY).focus()
        assert held, "the page asked for none of the app's scripts"
        released.append(True)
        for route in held:
            route.continue_()
        expect(page.locator("#mz-pre")).to_have_count(0, timeout=30000)
        expect(page.get_by_label(T.Q_BIRTH)).to_have_value("1944-05-06")
        expect(page.get_by_label(T.Q_CITY)).to_have_value("常州市")
        expect(page.get_by_role("group", name=T.YES_NO_QUESTIONS[1][1]).get_by_label("否")).to_be_checked()
        expect(page.get_by_label(T.Q_COUNTY)).to_be_focused()
        page.get_by_role("button", name=T.SUBMIT).click()  # the hydrated page computes with them
        expect(page.locator('.calc-match[data-code="MZ-ZLJ-01"]')).to_have_attribute("data-verdict", "likely")
    finally:
        ctx.close()


def test_a_form_sent_before_the_page_took_over_focuses_its_errors(browser: Browser, base_url: str):
    """With scripts but the app's websocket held back, a tap on 看结果 sends the server's form
    (the page is not the app's yet): the server's answer with errors focuses its error summary, as
    the app's own pages do, so a screen reader announces the problems."""
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = ctx.new_page()
    try:
        _held_websocket(page)
        page.goto(base_url + "/eligibility/MZ-ZLJ-01")
        page.locator("#mz-pre").get_by_role("button", name="看结果").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("请回答：老人的户口在江苏吗？")
        expect(summary).to_be_focused()
    finally:
        ctx.close()
