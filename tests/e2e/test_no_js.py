"""Issue 11: the knowledge-base pages read before (and without) the websocket.

In Chromium with JavaScript disabled: a guide reads completely (the HTML the server sends holds it,
app/web + app/api/prerender.py), the search box is a plain GET form whose results are in the
HTML, and axe-core with the measured rules passes in 标准版 and 长辈版. With JavaScript on, the guide
is shown once (the server block hands over to the hydrated page) and the console stays clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accessibility.audit import audit
from accessibility.browsing import PHONE, with_mode
from app.applications.eligibility import material_line
from app.web.views import kb

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
GUIDE = "/services/MZ-ZLJ-01"
NO_JS = {"java_script_enabled": False, "viewport": PHONE, "locale": "zh-CN"}


def test_a_guide_reads_completely_without_javascript(browser: Browser, base_url: str):
    svc = kb().services["MZ-ZLJ-01"]
    ctx = browser.new_context(**NO_JS)
    page = ctx.new_page()
    try:
        page.goto(base_url + GUIDE)
        expect(page.locator("h1")).to_have_text(svc.name)
        expect(page).to_have_title(f"{svc.name} · 民政一键通")
        who = page.locator("#who")
        for c in svc.conditions:
            expect(who.get_by_text(c, exact=True)).to_be_visible()
        for m in svc.materials:
            expect(page.locator("#materials label", has_text=material_line(m)).first).to_be_visible()
        for s in svc.steps:
            expect(page.locator("#steps").get_by_text(s.detail, exact=True)).to_be_visible()
        faq = page.locator("#faq details").first
        faq.locator("summary").click()  # details/summary open without JavaScript
        expect(faq.locator("p")).to_be_visible()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "no-js-guide-390.png"), full_page=True)
        # an unknown service: a kind page, not an empty shell
        res = page.goto(base_url + "/services/NOPE-00")
        assert res is not None and res.status == 404
        expect(page.locator("h1")).to_have_text("没有找到这个办事事项")
    finally:
        ctx.close()


def test_search_works_as_a_plain_form_without_javascript(browser: Browser, base_url: str):
    ctx = browser.new_context(**NO_JS)
    page = ctx.new_page()
    try:
        page.goto(base_url + "/")
        page.get_by_label("您想办什么事？").fill("尊老金怎么领")
        page.get_by_role("button", name="搜索").click()
        page.wait_for_url("**/search?q=*")
        expect(page.locator(".result-title", has_text="尊老金申领").first).to_be_visible()
        # and again from the results page's own form
        page.get_by_label("您想办什么事？").fill("低保申请条件")
        page.get_by_role("button", name="搜索").click()
        page.wait_for_url("**/search?q=*")
        expect(page.get_by_label("您想办什么事？")).to_have_value("低保申请条件")
        expect(page.locator(".result-title", has_text="最低生活保障").first).to_be_visible()
        page.locator(".result-title", has_text="最低生活保障").first.click()
        expect(page.locator("#who li").first).to_be_visible()
    finally:
        ctx.close()


def test_with_javascript_the_guide_is_shown_once_and_the_console_is_clean(browser: Browser, base_url: str):
    svc = kb().services["MZ-ZLJ-01"]
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(base_url + GUIDE)
        # the server block hands over to the hydrated page once it has its content
        expect(page.locator("#mz-pre")).to_have_count(0, timeout=20000)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_have_text(svc.name)
        first = svc.conditions[0]
        expect(page.get_by_text(first, exact=True)).to_have_count(1)
        expect(page.get_by_text(first, exact=True)).to_be_visible()
        expect(page.locator("main")).to_have_count(1)
        page.wait_for_timeout(500)  # let late hydration warnings arrive (not a timing assertion)
        assert errors == [], errors
    finally:
        ctx.close()


def _without_scripts(html: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S | re.I)


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("path", [GUIDE, "/search?q=尊老金怎么领", "/bundles/YJS-CJRBT", "/policies/POL-BZ-01"])
def test_no_js_pages_pass_axe_and_the_measured_rules(browser: Browser, base_url: str, mode: str, path: str):
    """The page as a reader without JavaScript gets it: the served HTML with its scripts taken out.
    (axe itself needs JavaScript, and hangs in a context where it is disabled, so the page's own
    scripts are removed instead and axe is injected by Playwright.)"""
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = ctx.new_page()
    url = base_url + (with_mode(path, "elder") if mode == "elder" else path)
    try:
        served = page.request.get(url, headers={"Accept": "text/html"}).text()
        page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                    body=_without_scripts(served)))
        page.goto(url)
        expect(page.locator("h1")).not_to_be_empty()
        assert (page.locator("html").get_attribute("class") or "").count("elder") == (mode == "elder")
        report = audit(page, mode)
        assert not report, f"{path} ({mode}, no JavaScript):\n" + "\n".join(report)
    finally:
        ctx.close()
