"""为您推荐 (/for-you) in Chromium on a phone, 标准版 and 长辈版: sign in from /me's link, consent, the
record's 尊老金, add a disability (a wrong pair first: the error takes focus), see 护理补贴, look for
a mother under an active delegation (苏州: 无需申请, nothing to add for her), revoke — what was added
is deleted — with axe-core and the measured rules on every screen."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import text
from sqlmodel import Session, select

from accessibility.audit import audit
from accessibility.browsing import PHONE, settle, with_mode
from app.core.clock import utcnow
from app.core.crypto import lookup_hash
from app.core.db import make_engine
from app.delegation.models import Delegation
from app.identity.models import Account
from app.identity.service import find_or_create_person
from tests.e2e.test_apply_journey import sign_in
from tests.idnumbers import make_id

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
PEOPLE = {"normal": ("13812350001", "501", "李秀英"), "elder": ("13812350002", "502", "李秀兰")}


def seed(database_url: str, phone: str, seq: str, mother: str) -> int:
    """The signed-in account becomes a person (born 1944, 南京市) who acts for a mother (1938, 苏州市)."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        acc = s.exec(select(Account).where(Account.phone_hash == lookup_hash(phone))).one()
        me = find_or_create_person(s, name="王建国", id_number=make_id("320102", "19440301", seq),
                                   hukou_region="南京市", verified_by="self")
        mum = find_or_create_person(s, name=mother, id_number=make_id("320502", "19380505", seq),
                                    hukou_region="苏州市", verified_by="self")
        acc.person_id = me.id
        s.add(acc)
        s.add(Delegation(principal_person_id=mum.id, agent_account_id=acc.id, kind="family", relationship="子女",
                         scope="all", status="active", valid_from=utcnow() - timedelta(days=1),
                         valid_to=utcnow() + timedelta(days=90), created_by_account_id=acc.id))
        s.commit()
        return me.id


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_recommend_journey(browser: Browser, base_url: str, app_database_url: str, mode: str):
    phone, seq, mother = PEOPLE[mode]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        url = f"{base_url}/login?next=/me"
        page.goto(with_mode(url, "elder") if mode == "elder" else url)
        sign_in(page, phone)
        person_id = seed(app_database_url, phone, seq, mother)
        page.goto(base_url + "/me")
        page.get_by_role("link", name=re.compile("为您推荐")).click()
        expect(page).to_have_url(re.compile(r"/for-you"))
        settle(page, "#r-ask")
        expect(page.get_by_role("heading", name="为您推荐", level=1)).to_be_visible()
        report = audit(page, mode)

        # consent → the record's facts and 尊老金 (南京: apply online)
        page.get_by_role("button", name="同意，为我推荐").click()
        expect(page.locator("#r-result")).to_be_focused(timeout=15000)
        expect(page.locator("#r-known")).to_contain_text("南京市")
        zlj = page.locator("[data-code='MZ-ZLJ-01']")
        expect(zlj).to_contain_text("可能符合")
        expect(zlj.get_by_role("link", name=re.compile("在线办理"))).to_have_attribute("href", "/apply/MZ-ZLJ-01")

        # add facts: 没有残疾人证 with a grade → an error that takes focus and names the field
        page.get_by_label("有残疾人证吗？证上是哪类残疾？").select_option("无")
        page.get_by_label("残疾等级").select_option("1")
        page.get_by_role("button", name="保存并重新推荐").click()
        expect(page.locator("#error-summary")).to_be_focused(timeout=15000)
        expect(page.locator("#error-summary")).to_contain_text("残疾类别")
        settle(page)
        page.get_by_label("有残疾人证吗？证上是哪类残疾？").select_option("肢体")
        page.get_by_label("残疾等级").select_option("1")
        page.locator("#r-long_term_care-是").check()
        page.get_by_role("button", name="保存并重新推荐").click()
        expect(page.locator("#r-status")).to_have_text("已保存，推荐已按您补充的情况更新。", timeout=15000)
        expect(page.locator("[data-code='MZ-CJR-02']")).to_contain_text("可能符合")
        # 也许符合 folded under the likely ones: closed, one line and one link each
        fold = page.locator("#r-maybe")
        expect(fold).to_have_count(1)
        assert fold.evaluate("e => !e.open")
        lines = fold.locator("li")
        assert lines.count() >= 1
        for i in range(lines.count()):
            assert lines.nth(i).locator("a[href]").count() == 1  # folded: not in the a11y tree yet
            expect(lines.nth(i)).to_contain_text("还要看")
        settle(page)
        closed = page.evaluate("document.documentElement.scrollHeight")
        fold.locator("summary").click()
        expect(lines.first.get_by_role("link")).to_be_visible()
        settle(page)
        opened = page.evaluate("document.documentElement.scrollHeight")
        print(f"\nMEASURE 为您推荐 {mode}: page {closed} px high, {opened} px with the "
              f"{lines.count()} 也许符合 opened")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"recommend-{mode}.png"), full_page=True)
        report += audit(page, mode)

        # 为谁看: the mother under the active delegation — 苏州's 尊老金 needs no application
        page.get_by_label(re.compile(mother)).check()
        page.get_by_role("button", name="查看").click()
        expect(page.get_by_role("heading", name=f"{mother}可能可以领的")).to_be_visible(timeout=15000)
        mum_zlj = page.locator("[data-code='MZ-ZLJ-01']")
        expect(mum_zlj).to_contain_text("无需申请")
        expect(mum_zlj.get_by_role("link", name=re.compile("在线办理"))).to_have_count(0)
        expect(page.locator("#r-other-facts")).to_contain_text("不能替家人保存")
        settle(page)
        report += audit(page, mode)

        # back to myself, revoke: what was added is deleted
        page.get_by_label("我自己").check()
        page.get_by_role("button", name="查看").click()
        expect(page.locator("#r-revoke")).to_be_visible(timeout=15000)
        page.get_by_role("button", name="撤回同意").click()
        expect(page.locator("#r-status")).to_have_text("已撤回同意，您补充的情况已删除。", timeout=15000)
        expect(page.locator("#r-agree")).to_be_visible()
        with make_engine(app_database_url).connect() as conn:
            left = conn.execute(text("SELECT COUNT(*) FROM recommend_facts WHERE person_id = :p"), {"p": person_id})
            assert left.scalar() == 0
        report += audit(page, mode)
        assert not report, "\n\n".join(report)
    finally:
        context.close()
