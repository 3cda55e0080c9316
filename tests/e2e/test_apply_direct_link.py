"""An application opened straight from a link (a bookmark, a message, the no-JavaScript guide's
plain 在线办理 link) — a full page load of /apply/…, not the app's own move between pages — runs
the same way: sign-in, a wrong ID number caught, the corrected one accepted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_apply_journey import answer, sign_in
from tests.idnumbers import make_id

ID = make_id("320102", "19410407", "131")  # an ID of this test only: a bound ID refuses other phones

pytestmark = pytest.mark.e2e


def test_apply_opened_by_a_full_page_load(page: Page, base_url: str):
    page.goto(base_url + "/apply/MZ-ZLJ-01")
    sign_in(page, "13800138021")  # a phone of this test only: others resume its draft
    expect(page).to_have_url(re.compile(r"/application/\d+"), timeout=20000)
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的姓名")
    answer(page, "王秀英")
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的身份证号码", timeout=15000)
    answer(page, ID[:-1] + ("1" if ID[-1] != "1" else "2"), ok=False)
    expect(page.locator("#answer-error")).to_contain_text("校验不通过")
    answer(page, ID)
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的户籍在哪个市？")
