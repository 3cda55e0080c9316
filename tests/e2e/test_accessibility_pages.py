"""Every page, in 标准版 and 长辈版, at 390 px (phone) and 320 px (WeChat mini-program webview):
axe-core (WCAG 2.2 A/AA + best practice) and the measured rules of ``accessibility.measure`` —
zero violations, zero findings. Screenshots go to tests/artifacts/a11y-<page>-<mode>-<width>.png.

To cover a new page, add its path to ``PAGES`` (optionally with a CSS selector that shows when
its data has arrived over the websocket).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from accessibility.audit import assert_page_passes
from accessibility.browsing import PHONE, settle, webview_context_args, with_mode

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"

# path, or (path, selector that is visible once the page's data has loaded)
PAGES: list[str | tuple[str, str]] = [
    "/",
    ("/search?q=尊老金", "#search-results .result-title"),
    ("/search?q=我妈81岁了能领啥钱", "#search-results .result-title"),
    ("/services/MZ-ZLJ-01", "article.guide h1"),
    ("/bundles/YJS-HYHKSY", "article.guide h1"),
    ("/policies/POL-BZ-01", "article.guide h1"),
    "/eligibility/MZ-ZLJ-01",
    "/apply/MZ-ZLJ-01",
    "/login",
    "/me",
    "/family",
    "/staff",
    "/chat",
    "/offline.html",
]
MODES = ["normal", "elder"]
WIDTHS = [390, 320]


def _case(entry: str | tuple[str, str]) -> tuple[str, str | None]:
    return (entry, None) if isinstance(entry, str) else entry


def _slug(path: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", path.strip("/")).strip("_") or "home"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("entry", PAGES, ids=lambda e: _case(e)[0])
def test_page_meets_rules(browser: Browser, base_url: str, entry, mode: str, width: int):
    path, ready = _case(entry)
    args = webview_context_args(width) if width == 320 else {"viewport": PHONE, "locale": "zh-CN"}
    context = browser.new_context(**args)
    try:
        page = context.new_page()
        url = base_url + path
        page.goto(with_mode(url, "elder") if mode == "elder" else url)
        settle(page, ready)

        html_class = page.evaluate("document.documentElement.className")
        assert ("elder" in html_class.split()) == (mode == "elder"), f"<html class={html_class!r}> in {mode}"

        SHOTS.mkdir(exist_ok=True)
        shot = SHOTS / f"a11y-{_slug(path)}-{mode}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)

        if mode == "elder":
            hidden = page.evaluate(
                "[...document.querySelectorAll('.elder-hide')].filter(e => e.getClientRects().length).length")
            assert hidden == 0, ".elder-hide elements are visible in 长辈版"
        assert_page_passes(page, mode, single_column="main" if mode == "elder" else None,
                           context=f"{path} in {mode} mode at {width} px (screenshot {shot})")
    finally:
        context.close()
