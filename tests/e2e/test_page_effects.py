"""The page scripts that say what a page is when its content changes over the websocket
(app/ui/page_effects.py), run in real Chromium on a bare page: no app is needed to test them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from app.ui.page_effects import page_title, title_script

pytestmark = pytest.mark.e2e
BARE = "<!doctype html><html><head><title>路由标题</title></head><body><main><h1>页</h1></main></body></html>"


def _run_then_tick(page: Page, *scripts: str) -> None:
    """Run ``scripts`` from a timer (so a page that freezes cannot hang this test's own call), then
    wait until a later timer has run: the page's main thread is not caught in a loop of microtasks.
    wait_for_function times out on the driver's side, so a frozen page fails the test."""
    page.evaluate("""(scripts) => {
        window.__ticked = false;
        setTimeout(() => { for (const s of scripts) (0, eval)(s); }, 0);
        setTimeout(() => { window.__ticked = true; }, 200);
    }""", list(scripts))
    page.wait_for_function("() => window.__ticked === true", timeout=5000)


def test_two_title_changes_in_quick_succession_keep_the_page_alive(page: Page):
    # step change, then the confirmation within the keeper's few seconds (the booking freeze)
    page.set_content(BARE)
    _run_then_tick(page, title_script("预约结婚登记"), title_script("预约成功"))
    assert page.title() == page_title("预约成功")


def test_the_title_is_kept_when_the_route_writes_its_own_back(page: Page):
    # React writing the route's static title back after the keeper set the step's
    page.set_content(BARE)
    _run_then_tick(page, title_script("申请人的姓名"), "document.title = '路由标题';")
    assert page.title() == page_title("申请人的姓名")


def test_a_keeper_gives_up_rather_than_fight_another_writer(page: Page):
    # something else insists on its own title on every change: the keeper stops after a few rewrites
    page.set_content(BARE)
    other = ("new MutationObserver(() => { if (document.title !== '别的') document.title = '别的'; })"
             ".observe(document.head, {childList: true, characterData: true, subtree: true});")
    _run_then_tick(page, other, title_script("申请人的姓名"))
