"""长辈版: the switch in every page's header, remembered across visits (localStorage + cookie),
applied before first paint, switched on by ?mode=elder and by host hints, kept across client-side
navigation, and the MIIT numbers on the page (measured)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from accessibility.axe import assert_no_axe_violations
from accessibility.browsing import settle, webview_context_args
from accessibility.measure import check_page, format_findings

pytestmark = pytest.mark.e2e

PAGES_WITH_HEADER = ["/", "/search?q=尊老金", "/services/MZ-ZLJ-01"]

# Records <html>'s class the moment <body> is created: after the <head> scripts ran, before any
# content can be painted.
CLASS_AT_BODY = """
new MutationObserver((records, obs) => {
  if (document.body) { window.__classAtBody = document.documentElement.className; obs.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


def _html(page: Page) -> dict:
    return page.evaluate("""() => ({cls: document.documentElement.className.split(' '),
        mode: document.documentElement.dataset.mode, source: document.documentElement.dataset.modeSource,
        stored: (() => { try { return localStorage.getItem('mz_mode'); } catch (e) { return 'blocked'; } })(),
        cookie: document.cookie})""")


def _switch(page: Page):
    return page.get_by_role("group", name="显示模式")


@pytest.mark.parametrize("path", PAGES_WITH_HEADER)
def test_switch_is_in_every_header(page: Page, base_url: str, path: str):
    page.goto(base_url + path)
    group = page.locator("header").get_by_role("group", name="显示模式")
    expect(group.get_by_role("button", name="标准版")).to_have_attribute("aria-pressed", "true")
    expect(group.get_by_role("button", name="长辈版")).to_have_attribute("aria-pressed", "false")


def test_switch_on_is_remembered_and_applied_before_first_paint(page: Page, base_url: str):
    page.add_init_script(CLASS_AT_BODY)
    page.goto(base_url + "/")
    settle(page)
    assert "elder" not in _html(page)["cls"]
    _switch(page).get_by_role("button", name="长辈版").click()
    state = _html(page)
    assert "elder" in state["cls"] and state["mode"] == "elder" and state["source"] == "user"
    assert state["stored"] == "elder" and "mz_mode=elder" in state["cookie"]
    expect(_switch(page).get_by_role("button", name="长辈版")).to_have_attribute("aria-pressed", "true")
    expect(_switch(page).get_by_role("button", name="标准版")).to_have_attribute("aria-pressed", "false")
    body_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_px >= 20

    # a later visit: elder from the first paint, without any parameter
    page.goto(base_url + "/search?q=低保")
    settle(page, "#search-results .result-title")
    assert "elder" in page.evaluate("window.__classAtBody").split()
    assert _html(page)["source"] == "stored"
    expect(_switch(page).get_by_role("button", name="长辈版")).to_have_attribute("aria-pressed", "true")

    # and back
    _switch(page).get_by_role("button", name="标准版").click()
    assert "elder" not in _html(page)["cls"]
    page.reload()
    settle(page)
    state = _html(page)
    assert "elder" not in state["cls"] and state["stored"] == "standard" and "mz_mode=standard" in state["cookie"]


def test_switch_works_from_the_keyboard(page: Page, base_url: str):
    page.goto(base_url + "/")
    settle(page)
    button = _switch(page).get_by_role("button", name="长辈版")
    button.focus()
    page.keyboard.press("Enter")
    assert "elder" in _html(page)["cls"]
    expect(button).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert "elder" not in _html(page)["cls"]


def test_mode_link_from_a_mini_program(browser: Browser, base_url: str):
    context = browser.new_context(**webview_context_args())
    try:
        page = context.new_page()
        page.goto(base_url + "/services/MZ-ZLJ-01?mode=elder")
        settle(page, "article.guide h1")
        state = _html(page)
        assert "elder" in state["cls"] and state["source"] == "url" and state["stored"] == "elder"
        page.goto(base_url + "/")
        assert "elder" in _html(page)["cls"]
        page.goto(base_url + "/?mode=standard")
        assert "elder" not in _html(page)["cls"]
    finally:
        context.close()


def test_elder_survives_client_side_navigation(page: Page, base_url: str):
    page.goto(base_url + "/?mode=elder")
    settle(page)
    page.locator("main a[href^='/services/']").first.click()
    page.wait_for_url("**/services/**")
    settle(page, "article.guide h1")
    assert "elder" in _html(page)["cls"]
    # the header React mounted for the new page shows the mode in use
    expect(_switch(page).get_by_role("button", name="长辈版")).to_have_attribute("aria-pressed", "true")
    findings = check_page(page, "elder")
    assert not findings, format_findings(findings)


def test_enlarged_default_font_switches_elder_on(page: Page, base_url: str):
    """A browser / webview whose default text size is enlarged (OS or host font scale)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24}})
    page.goto(base_url + "/")
    state = _html(page)
    assert "elder" in state["cls"] and state["source"] == "host-font-scale"
    assert state["stored"] is None, "a host hint is followed, not remembered"
    # the user's own choice wins over the hint
    _switch(page).get_by_role("button", name="标准版").click()
    page.reload()
    assert "elder" not in _html(page)["cls"]


def test_wechat_ios_text_size_adjust_switches_elder_on(page: Page, base_url: str):
    """WeChat on iOS applies its font setting as -webkit-text-size-adjust on <body>."""
    page.add_init_script("""document.addEventListener('readystatechange', () => {
        if (document.body) document.body.style.webkitTextSizeAdjust = '130%'; }, {once: true});""")
    page.goto(base_url + "/")
    settle(page)
    state = _html(page)
    assert "elder" in state["cls"] and state["source"] == "host-text-size-adjust"


def test_wechat_font_menu_event_is_followed(page: Page, base_url: str):
    """WeixinJSBridge 'menu:setfont' (font size changed in the webview menu) re-reads the hints."""
    page.add_init_script("""
      window.__bridge = {};
      window.WeixinJSBridge = {on: (name, fn) => { window.__bridge[name] = fn; }, invoke: () => {}};""")
    page.goto(base_url + "/")
    settle(page)
    assert "elder" not in _html(page)["cls"]
    page.evaluate("document.body.style.webkitTextSizeAdjust = '140%'; window.__bridge['menu:setfont']({fontSize: 4})")
    page.wait_for_function("document.documentElement.classList.contains('elder')")


def test_cookie_alone_sets_the_mode(browser: Browser, base_url: str):
    """The cookie mz_mode is read too (set by the server, or where localStorage was cleared)."""
    context = browser.new_context()
    host = base_url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "mz_mode", "value": "elder", "domain": host, "path": "/"}])
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        state = _html(page)
        assert "elder" in state["cls"] and state["source"] == "stored" and state["stored"] is None
    finally:
        context.close()


def test_webview_without_service_worker_or_cache_storage(browser: Browser, base_url: str):
    """Some mini-program webviews have no service workers or Cache Storage: nothing breaks."""
    context = browser.new_context(**webview_context_args())
    context.add_init_script("""
      Object.defineProperty(Navigator.prototype, 'serviceWorker', {get() { return undefined; }});
      delete window.caches;""")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base_url + "/services/MZ-ZLJ-01")
        settle(page, "article.guide h1")
        assert page.evaluate("typeof window.caches + typeof navigator.serviceWorker") == "undefinedundefined"
        _switch(page).get_by_role("button", name="长辈版").click()
        page.reload()
        settle(page, "article.guide h1")
        assert "elder" in _html(page)["cls"]
        assert not errors, errors
    finally:
        context.close()


BROKEN_WEBSOCKET = """(() => { const W = window.WebSocket;
  window.WebSocket = function () { return new W('ws://127.0.0.1:9/'); };
  window.WebSocket.prototype = W.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3}); })();"""


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_lost_connection_is_told_without_a_pop_up_in_elder_mode(page: Page, base_url: str, mode: str):
    """Reflex shows a toast when its websocket cannot connect. 长辈版 has no pop-ups: the toast is
    replaced by a notice in the page, in Chinese; in 标准版 the toast meets the measured rules."""
    page.add_init_script(BROKEN_WEBSOCKET)
    page.goto(base_url + ("/?mode=elder" if mode == "elder" else "/"))
    toast = page.locator("[data-sonner-toast]")
    if mode == "elder":
        notice = page.locator("#mz-connection")
        expect(notice).to_be_visible(timeout=20000)
        expect(notice).to_contain_text("网络连接中断")
        expect(notice).to_have_attribute("role", "status")
        expect(toast).to_be_hidden()
    else:
        expect(toast).to_be_visible(timeout=20000)
        page.wait_for_timeout(1000)  # the toast fades in
    findings = check_page(page, mode)
    assert not findings, format_findings(findings)
    assert_no_axe_violations(page)
