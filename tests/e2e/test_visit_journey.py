"""上门代办 (/visit) in Chromium on a phone: sign in, ask for a home visit (标准版: for oneself, with
a name; 长辈版: for a father one acts for under an active delegation), a kind error first with
nothing lost, then the 申请编号 in full, what happens next, and 取消 from 我的上门申请 — with
axe-core and the measured rules in both modes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accessibility.audit import audit
from accessibility.browsing import PHONE, settle, with_mode
from tests.e2e.test_apply_journey import sign_in
from tests.idnumbers import make_id

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
PHONES = {"normal": "13812360001", "elder": "13812360002"}  # phones of this test only
FATHER = ("13512360003", "王德海", make_id("320102", "19400101", "551"))


def _father_consented(database_url: str, daughter_phone: str) -> None:
    """In the app's database: the daughter asked to act for her father and he agreed in his account."""
    from sqlmodel import Session

    from app.core.db import make_engine
    from app.delegation import service as dg
    from app.identity.models import Account
    from app.identity.service import Actor, dev_last_code, request_code, verify_code

    engine = make_engine(database_url)

    def account(phone: str) -> Actor:
        request_code(engine, phone)
        _t, acc = verify_code(engine, phone, dev_last_code(engine, phone))
        return Actor(acc.id, acc.role, acc.person_id, "web", acc.phone_masked)

    daughter, father = account(daughter_phone), account(FATHER[0])
    dg.link_own_identity(engine, father, FATHER[1], FATHER[2])
    with Session(engine) as s:
        father = Actor(father.account_id, "citizen", s.get(Account, father.account_id).person_id, "web")
    d = dg.request(engine, daughter, kind="family", relationship="子女", principal_name=FATHER[1],
                   principal_id_number=FATHER[2])
    dg.confirm_by_principal(engine, father, d.id)
    engine.dispose()


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_visit_journey(browser: Browser, base_url: str, app_database_url: str, mode: str):
    phone = PHONES[mode]
    if mode == "elder":
        _father_consented(app_database_url, phone)
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        url = f"{base_url}/visit"
        page.goto(with_mode(url, "elder") if mode == "elder" else url)
        sign_in(page, phone)  # the page needs sign-in; it comes back here afterwards
        expect(page).to_have_url(re.compile(r"/visit"))
        settle(page, "#v-form")
        expect(page.get_by_role("heading", name="申请上门代办", level=1)).to_be_visible()
        report = audit(page, mode)

        if mode == "elder":  # for the father, under the delegation he agreed to
            expect(page.get_by_label("您的姓名")).to_have_count(1)  # the daughter has no identity on record
            page.get_by_label(re.compile(r"王\*\*（我是子女，代办）")).check()
        else:
            page.get_by_label("您的姓名").fill("张桂英")
        page.get_by_label("要办什么事？").select_option("MZ-ZLJ-01")
        page.get_by_label("上门的地址").fill("南京市玄武区梅园新村街道长江路292号3幢501室")
        page.get_by_label("联系电话").fill("12345")
        page.get_by_label("周一上午").check()
        page.get_by_label("周三下午").check()
        page.get_by_role("button", name="提交申请").click()

        # a wrong phone: the summary takes focus, links to the field; nothing typed is lost
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("联系电话不正确")
        expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"#v-phone$"))
        expect(page.locator("#v-phone")).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("上门的地址")).to_have_value(re.compile("长江路292号"))
        expect(page.get_by_label("周三下午")).to_be_checked()
        report += audit(page, mode)
        settle(page)
        page.get_by_label("联系电话").fill("025-83201234")
        page.get_by_role("button", name="提交申请").click()

        # the confirmation: the 申请编号 in full on a 390 px phone, and what happens next
        ref_box = page.locator("#v-done-ref")
        expect(ref_box).to_have_text(re.compile(r"^SM[A-Z2-9]{8}$"))
        ref = ref_box.inner_text()
        box = ref_box.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box  # not cut off
        expect(page.get_by_role("heading", name="申请已提交", level=1)).to_be_visible()
        done = page.locator("#v-done")
        expect(done).to_contain_text("接下来会怎样")
        expect(done).to_contain_text("南京市玄武区****")
        expect(done).not_to_contain_text("长江路")  # the address typed is not sent back
        expect(done).to_contain_text("周一上午、周三下午")
        expect(done).to_contain_text("王**" if mode == "elder" else "张**")
        settle(page)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"visit-{mode}.png"), full_page=True)
        report += audit(page, mode)

        # cancel from 我的上门申请: asked once, then done, said in a status message
        row = page.locator(f"#v-mine [data-ref='{ref}']")
        expect(row).to_contain_text("已提交")
        if mode == "elder":
            expect(row).to_contain_text("（代办）")
        row.get_by_role("button", name=re.compile("取消申请")).click()
        expect(page.locator("#v-cancel-q")).to_be_focused()
        page.get_by_role("button", name="确定取消").click()
        expect(page.locator("#v-status")).to_have_text(f"已取消申请 {ref}。")
        expect(row).to_contain_text("已取消")
        report += audit(page, mode)
        assert not report, "\n\n".join(report)
    finally:
        context.close()
