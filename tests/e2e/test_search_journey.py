"""A citizen searches from the home page in a real browser; pages pass axe-core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accessibility.axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_home_search_shows_grouped_results(page: Page, base_url: str):
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("民政服务，一键找到")
    box = page.get_by_label("您想办什么事？")
    box.fill("我們宣城市有高齡津貼嗎")
    box.press("Enter")
    results = page.locator("#search-results")
    expect(results.get_by_role("heading", name="服务")).to_be_visible(timeout=15000)
    expect(results.get_by_role("heading", name="问题")).to_be_visible()
    services = results.locator("section.group", has=page.get_by_role("heading", name="服务"))
    expect(services.locator(".result-title").first).to_contain_text(re.compile("尊老金|高龄"))
    expect(results.locator("mark").first).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-results.png"), full_page=True)
    assert_no_axe_violations(page)


def test_search_page_deep_link(page: Page, base_url: str):
    page.goto(base_url + "/search?q=低保申请条件")
    expect(page.locator("#search-results .result-title").first).to_contain_text(
        re.compile("低保|最低生活保障"), timeout=15000)


def test_garbage_query_gets_a_kind_hint(page: Page, base_url: str):
    page.goto(base_url + "/")
    box = page.get_by_label("您想办什么事？")
    box.fill("？？？！！！")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#search-results").get_by_role("status")).to_contain_text("没有找到", timeout=15000)
    expect(page.get_by_role("heading", name="您可以看看这些常办事项")).to_be_visible()


def test_home_page_has_no_axe_violations(page: Page, base_url: str):
    page.goto(base_url + "/")
    expect(page.get_by_label("您想办什么事？")).to_be_visible()
    assert_no_axe_violations(page)


def test_help_and_hotline_on_every_page(page: Page, base_url: str):
    for path in ("/", "/search?q=尊老金"):
        page.goto(base_url + path)
        expect(page.get_by_role("link", name="拨打 12345")).to_have_attribute("href", "tel:12345")
