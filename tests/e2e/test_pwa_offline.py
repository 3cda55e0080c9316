"""PWA: manifest and icons, installable per Chrome, service worker, offline page with the hotline
and the guides opened before, nothing personal cached, and the 320 px WeChat mini-program webview."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accessibility.audit import assert_page_passes
from accessibility.browsing import settle, webview_context_args
from accessibility.measure import check_layout, format_findings

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
GUIDE = "/services/MZ-ZLJ-01"
GUIDE_TITLE = "尊老金申领"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def _brand_colour() -> str:
    css = (ROOT / "assets" / "app.css").read_text(encoding="utf-8")
    return re.search(r"--brand:\s*(#[0-9a-fA-F]{6})", css).group(1).lower()


def test_manifest_and_icons(page: Page, base_url: str):
    page.goto(base_url + "/")
    href = page.locator("head link[rel=manifest]").get_attribute("href")
    assert page.locator("head meta[name=theme-color]").get_attribute("content").lower() == _brand_colour()
    resp = page.request.get(base_url + href)
    assert resp.ok and "json" in resp.headers["content-type"]
    m = json.loads(resp.text())
    assert m["name"] == "民政一键通" and m["lang"] == "zh-CN"
    assert m["start_url"] == "/" and m["display"] == "standalone" and m["scope"] == "/"
    assert m["theme_color"].lower() == _brand_colour()
    sizes = {}
    for icon in m["icons"]:
        r = page.request.get(base_url + icon["src"])
        assert r.ok and r.headers["content-type"] == "image/png", icon["src"]
        w, h = _png_size(r.body())
        assert f"{w}x{h}" == icon["sizes"], icon
        sizes.setdefault(icon.get("purpose", "any"), set()).add(w)
    assert {192, 512} <= sizes["any"] and 512 in sizes["maskable"]


def _wait_for_service_worker(page: Page) -> None:
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=20000)


def test_installable_with_service_worker(browser_type, browser_type_launch_args, base_url: str, tmp_path):
    # Chrome never offers installation in an incognito profile: use a real (temporary) one
    context = browser_type.launch_persistent_context(str(tmp_path / "profile"), **browser_type_launch_args,
                                                     viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(base_url + "/")
        _wait_for_service_worker(page)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert not manifest.get("errors"), manifest.get("errors")
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        shell = page.evaluate("""async () => {
            const names = await caches.keys();
            const shell = await caches.open(names.find(n => n.endsWith('-shell')));
            return (await shell.keys()).map(r => new URL(r.url).pathname); }""")
        assert {"/offline.html", "/js/mode.js", "/manifest.webmanifest"} <= set(shell)
    finally:
        context.close()


def test_offline_shows_hotline_and_guides_opened_before(browser: Browser, base_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        _wait_for_service_worker(page)
        page.goto(base_url + GUIDE)
        settle(page, "article.guide h1")
        page.wait_for_function(f"document.documentElement.dataset.offlineSaved === '{GUIDE}'")
        page.goto(base_url + "/search?q=低保")
        settle(page, "#search-results .result-title")

        page.goto(base_url + "/me")          # a personal page: must not be stored
        settle(page)

        # what is stored: the offline shell, hashed build assets, and public guides' text only
        stored = page.evaluate("""async () => {
            const out = [];
            for (const name of await caches.keys())
              for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
            return out; }""")
        personal = [p for p in stored if not re.match(
            r"^/(offline\.html|js/|icons/|assets/|app\.css|elder\.css|manifest\.webmanifest|"
            r"__snapshot__/(services|bundles|policies)/)", p)]
        assert not personal, personal
        assert "/__snapshot__" + GUIDE in stored

        context.set_offline(True)
        # the guide opened before: its saved text, the hotline, a note that it may be out of date
        page.goto(base_url + GUIDE)
        expect(page.get_by_role("heading", level=1)).to_have_text(GUIDE_TITLE)
        expect(page.locator("main")).to_contain_text("没有连上网络")
        expect(page.locator("main")).to_contain_text("谁可以申请")
        expect(page.get_by_role("link", name=re.compile("12345"))).to_have_attribute("href", "tel:12345")
        page.screenshot(path=str(ROOT / "tests" / "artifacts" / "pwa-offline-guide.png"), full_page=True)
        assert_page_passes(page, "normal")

        # a page never opened: the offline page with the hotline and the list of saved guides
        page.goto(base_url + "/services/MZ-DB-01")
        expect(page.get_by_role("heading", level=1)).to_have_text("您现在没有连上网络")
        saved = page.get_by_role("link", name=GUIDE_TITLE)
        expect(saved).to_have_attribute("href", GUIDE)
        page.screenshot(path=str(ROOT / "tests" / "artifacts" / "pwa-offline-list.png"), full_page=True)
        saved.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(GUIDE_TITLE)

        # 长辈版 works offline too
        page.get_by_role("button", name="长辈版").click()
        assert page.evaluate("document.documentElement.classList.contains('elder')")
    finally:
        context.close()


def test_narrow_wechat_webview(browser: Browser, base_url: str):
    context = browser.new_context(**webview_context_args(320, 640))
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base_url + "/")
        settle(page)
        assert "MicroMessenger" in page.evaluate("navigator.userAgent")
        box = page.get_by_label("您想办什么事？")
        box.fill("尊老金怎么领")
        box.press("Enter")
        expect(page.locator("#search-results .result-title").first).to_be_visible(timeout=15000)
        settle(page)
        findings = check_layout(page, "normal")
        assert not findings, format_findings(findings)
        page.get_by_role("button", name="长辈版").click()
        settle(page)
        findings = check_layout(page, "elder")
        assert not findings, format_findings(findings)
        assert not errors, errors
    finally:
        context.close()
