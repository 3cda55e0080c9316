"""主动发现 for staff (/agent/outreach), end to end in Chromium against the real app: a signed-out
visitor is sent to sign in; a window staff member runs a discovery over the database and finds a
seeded 82-year-old 南京 resident as a 尊老金 lead (masked), reveals the phone with a reason
(audited), records a 电话 outcome (the history shows it, the lead closes); a bad CSV gets a kind
error in the summary that takes focus and nothing is lost; a good CSV lists its row; the leads
download as CSV; a citizen is refused; the supervisor reaches the page from the agent console.
axe-core and the measured rules in 标准版 and 长辈版, with screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from accessibility.audit import assert_page_passes
from accessibility.browsing import PHONE, settle, with_mode
from app.audit.models import AuditEvent
from app.core.crypto import encrypt
from app.core.db import make_engine
from app.core.privacy import mask_id_number, mask_phone
from app.identity.service import find_or_create_person
from app.outreach.models import OutreachContact, OutreachLead
from app.tables import create_tables
from tests.e2e.test_agent_console import account
from tests.e2e.test_apply_journey import shot, sign_in, wait_hydrated
from tests.idnumbers import make_id

pytestmark = pytest.mark.e2e
URL = "/agent/outreach"
DESKTOP = {"width": 1280, "height": 900}
RESIDENT_ID = make_id("320113", "19440520", "617")  # 82 in December 2026, 户籍 南京
RESIDENT_NAME = "周玉芬"
RESIDENT_PHONE = "13501350103"
CSV_ID = make_id("320113", "19410203", "618")  # 85, 南京, only in the imported file
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def db(app_database_url):
    e = make_engine(app_database_url)
    create_tables(e)
    return e


@pytest.fixture(scope="module")
def resident(db) -> int:
    """A person the database knows (as a window registers one), with a phone on record."""
    with Session(db) as s:
        p = find_or_create_person(s, name=RESIDENT_NAME, id_number=RESIDENT_ID, hukou_region="南京市",
                                  verified_by="staff")
        p.phone_enc, p.phone_masked, p.phone_set_by = encrypt(RESIDENT_PHONE), mask_phone(RESIDENT_PHONE), "staff"
        s.add(p)
        s.commit()
        return p.id


def open_page(page: Page, base_url: str, phone: str, mode: str = "normal") -> None:
    url = base_url + URL
    page.goto(with_mode(url, "elder") if mode == "elder" else url)
    expect(page).to_have_url(re.compile(r"/login\?next=/agent/outreach"), timeout=20000)
    sign_in(page, phone)
    expect(page).to_have_url(re.compile(r"/agent/outreach/?$"), timeout=20000)
    wait_hydrated(page)
    expect(page.locator("#o-services, #o-denied").first).to_be_visible(timeout=20000)


def lead_card(page: Page, service: str, id_number: str):
    """The lead for this person and service, pressing 再显示 until it is drawn (a shared database)."""
    group = page.locator(f"section.o-group[data-service='{service}']")
    expect(group).to_be_visible(timeout=20000)
    card = group.locator("li.o-lead").filter(has_text=mask_id_number(id_number))
    for _ in range(30):
        if card.count():
            break
        group.get_by_role("button", name=re.compile("^再显示")).click()
        page.wait_for_timeout(300)
    expect(card).to_have_count(1)
    return card


def leads_of(db, person_id: int) -> list[OutreachLead]:
    with Session(db) as s:
        return list(s.exec(select(OutreachLead).where(OutreachLead.person_id == person_id)).all())


def test_a_signed_out_visitor_is_sent_to_sign_in(page: Page, base_url: str):
    page.goto(base_url + URL)
    expect(page).to_have_url(re.compile(r"/login\?next=/agent/outreach"), timeout=20000)


def test_staff_run_reveal_record_csv_and_download(browser: Browser, base_url: str, db, resident):
    staff = account(db, "13501350101", "window_staff")
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=base_url)
    try:
        page = context.new_page()
        open_page(page, base_url, "13501350101")
        expect(page.get_by_role("heading", level=1)).to_have_text("主动发现")
        # every service is chosen by default, each checkbox labelled
        boxes = page.locator("#o-services input[type=checkbox]")
        expect(boxes.first).to_be_checked(timeout=20000)
        assert boxes.count() >= 5
        for i in range(boxes.count()):
            expect(boxes.nth(i)).to_be_checked()
        expect(page.get_by_label("尊老金申领")).to_be_checked()

        # no service → the error summary takes focus and links to the question
        for i in range(boxes.count()):
            boxes.nth(i).uncheck()
        page.get_by_role("button", name="查本系统里的人").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused(timeout=15000)
        expect(summary).to_contain_text("请至少选一个事项")
        expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"#o-services$"))
        page.get_by_role("button", name="全部选上").click()
        expect(page.get_by_label("尊老金申领")).to_be_checked(timeout=15000)

        # 1. a run over the people in the database
        page.get_by_role("button", name="查本系统里的人").click()
        expect(page.locator("#o-result-title")).to_be_focused(timeout=30000)
        expect(page.locator("#o-summary")).to_contain_text(re.compile(r"第 \d+ 次查找（本系统里的人）"))
        expect(page.locator("#o-counts")).to_contain_text(re.compile(r"尊老金申领：\d+ 条"))

        # 2. the seeded 82-year-old 南京 resident is a 尊老金 lead, masked, with the reasons
        card = lead_card(page, "MZ-ZLJ-01", RESIDENT_ID)
        expect(card).to_contain_text("周*芬")
        expect(card).to_contain_text("可能符合")
        expect(card).to_contain_text("为什么列入")
        assert RESIDENT_PHONE not in page.content() and RESIDENT_ID not in page.content()
        lead = next(x for x in leads_of(db, resident) if x.service_code == "MZ-ZLJ-01" and x.status == "open")

        # 3. open it; 查看联系方式 needs a reason (the domain's words, in the focused summary)
        card.get_by_role("button", name=re.compile("^处理这条线索")).click()
        expect(page.locator("#o-detail-title")).to_be_focused(timeout=15000)
        page.get_by_role("button", name="查看联系方式").click()
        expect(summary).to_be_focused(timeout=15000)
        expect(summary).to_contain_text("请写明查看原因")
        expect(page.locator("#o-reason")).to_have_attribute("aria-invalid", "true")
        page.get_by_label("查看原因（必填，记入审计日志）").fill("电话联系，告知可以申请尊老金")
        page.get_by_role("button", name="查看联系方式").click()
        expect(page.locator("#o-revealed-phone")).to_have_text(RESIDENT_PHONE, timeout=15000)
        expect(page.locator("#o-revealed")).to_contain_text(RESIDENT_NAME)
        with Session(db) as s:
            reveal = s.exec(select(AuditEvent).where(AuditEvent.action == "outreach.reveal",
                                                     AuditEvent.object_id == str(lead.id))).one()
            assert reveal.actor_account_id == staff.id and reveal.detail["reason"] == "电话联系，告知可以申请尊老金"

        # record a 电话 outcome: no outcome chosen → pointed at the question; then saved, history shown
        page.locator("#o-record-form").get_by_label("电话").check()
        page.get_by_role("button", name="保存联系记录").click()
        expect(summary).to_be_focused(timeout=15000)
        expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"#o-outcome$"))
        expect(page.locator("#o-record-form").get_by_label("电话")).to_be_checked()  # nothing typed is lost
        page.get_by_label("联系结果").select_option("联系上·愿意申请")
        page.get_by_label("备注（可以不填）").fill("老人说下周让女儿陪着来社区办")
        page.get_by_role("button", name="保存联系记录").click()
        expect(page.locator("#o-history li")).to_have_count(1, timeout=15000)
        expect(page.locator("#o-history")).to_contain_text("电话 · 联系上·愿意申请")
        expect(page.locator("#o-history")).to_contain_text("让女儿陪着")
        expect(page.locator("#o-status")).to_contain_text("这条线索已结束")
        expect(card).to_have_attribute("data-status", "closed")
        with Session(db) as s:
            c = s.exec(select(OutreachContact).where(OutreachContact.lead_id == lead.id)).one()
            assert (c.method, c.outcome, c.by_account_id) == ("电话", "联系上·愿意申请", staff.id)
            assert s.get(OutreachLead, lead.id).status == "closed"
        shot(page, "outreach-lead-recorded")
        assert_page_passes(page, "normal", context="/agent/outreach with a lead open (标准版)")

        # 4. the leads as CSV (masked), its listing audited
        with page.expect_download() as dl:
            page.get_by_role("button", name="下载线索表（CSV，已脱敏）").click()
        body = Path(dl.value.path()).read_bytes().decode("utf-8")
        assert body.startswith("\ufeff线索编号,事项编码") and mask_id_number(RESIDENT_ID) in body
        assert RESIDENT_ID not in body and RESIDENT_PHONE not in body and RESIDENT_NAME not in body

        # a bad CSV: the kind words in the summary that takes focus; choices and results kept
        page.get_by_label("尊老金申领").uncheck()
        before = page.locator("#o-summary").inner_text()
        files = page.locator("input[type=file]")
        files.set_input_files(files=[{"name": "名单.xlsx", "mimeType": "application/vnd.ms-excel",
                                      "buffer": b"PK\x03\x04 not a csv"}])
        expect(page.locator("#o-csv-chosen")).to_contain_text("名单.xlsx")
        page.get_by_role("button", name="导入名单并查找").click()
        expect(summary).to_be_focused(timeout=15000)
        expect(summary).to_contain_text("另存为 → CSV UTF-8")
        expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"#o-csv-choose$"))
        files.set_input_files(files=[{"name": "名单.csv", "mimeType": "text/csv", "buffer": "甲,乙\n1,2\n".encode()}])
        page.get_by_role("button", name="导入名单并查找").click()
        expect(summary).to_contain_text("第1行没有认识的列名", timeout=15000)
        expect(summary).to_contain_text("上一次的结果都还在")
        expect(page.locator("#o-summary")).to_have_text(before)
        expect(page.get_by_label("尊老金申领")).not_to_be_checked()
        page.get_by_label("尊老金申领").check()

        # a good CSV (Excel's GB18030), one bad row: the good row is a lead with its line
        rows = ("序号,姓名,身份证号,户籍地,联系电话,社区\r\n"
                f"A1,孙德明,{CSV_ID},南京市,13501350105,尧化社区\r\n"
                "A2,错日期,,南京市,,尧化社区\r\n")
        files.set_input_files(files=[{"name": "尧化社区名单.csv", "mimeType": "text/csv",
                                      "buffer": rows.encode("gb18030")}])
        page.get_by_role("button", name="导入名单并查找").click()
        expect(page.locator("#o-summary")).to_contain_text("（导入的名单）：读取 1 人", timeout=30000)
        expect(page.locator("#o-bad-rows")).to_contain_text("第3行")
        csv_card = lead_card(page, "MZ-ZLJ-01", CSV_ID)
        expect(csv_card).to_contain_text("孙*明")
        expect(csv_card).to_contain_text("名单第 2 行（序号 A1）")
        expect(csv_card).to_contain_text("尧化社区")
        assert "13501350105" not in page.content()
        assert_page_passes(page, "normal", context="/agent/outreach after a CSV run (标准版)")

        # 长辈版: the same tab keeps the run; open the lead again and check it all
        page.goto(with_mode(base_url + URL, "elder"))
        settle(page, "#o-results")
        assert "elder" in page.evaluate("document.documentElement.className").split()
        csv_card = lead_card(page, "MZ-ZLJ-01", CSV_ID)
        csv_card.get_by_role("button", name=re.compile("^处理这条线索")).click()
        expect(page.locator("#o-detail-title")).to_be_focused(timeout=15000)
        settle(page)
        shot(page, "outreach-elder")
        assert_page_passes(page, "elder", single_column="main", context="/agent/outreach in 长辈版")
    finally:
        context.close()


def test_desktop_layout(browser: Browser, base_url: str, db, resident):
    account(db, "13501350106", "community_agent")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", base_url=base_url)
    try:
        page = context.new_page()
        open_page(page, base_url, "13501350106")
        page.get_by_role("button", name="查本系统里的人").click()
        expect(page.locator("#o-result-title")).to_be_focused(timeout=30000)
        lead_card(page, "MZ-ZLJ-01", RESIDENT_ID).get_by_role("button", name=re.compile("^处理这条线索")).click()
        expect(page.locator("#o-detail-title")).to_be_focused(timeout=15000)
        settle(page)
        shot(page, "outreach-desktop")
        assert_page_passes(page, "normal", context="/agent/outreach on a desktop")
    finally:
        context.close()


def test_a_citizen_is_refused_kindly(browser: Browser, base_url: str, db, resident):
    account(db, "13501350102", "citizen")
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        open_page(page, base_url, "13501350102", mode="elder")
        expect(page.get_by_role("heading", level=1)).to_have_text("无法打开主动发现", timeout=20000)
        expect(page.locator("#o-denied")).to_contain_text("如果您是市民，请回到首页")
        expect(page.locator("#o-denied").get_by_role("link", name="回到首页")).to_be_visible()
        assert page.locator("#o-run-db").count() == 0 and page.locator("#o-results").count() == 0
        assert "周*芬" not in page.content() and RESIDENT_PHONE not in page.content()
        shot(page, "outreach-refused-elder")
        assert_page_passes(page, "elder", single_column="main", context="/agent/outreach refused (长辈版)")
    finally:
        context.close()


def test_the_supervisor_reaches_it_from_the_agent_console(browser: Browser, base_url: str, db):
    account(db, "13501350104", "supervisor")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(base_url + "/agent")
        sign_in(page, "13501350104")
        expect(page.get_by_role("heading", level=1)).to_have_text("坐席工作台", timeout=20000)
        page.get_by_role("navigation", name="坐席导航").get_by_role("link", name="主动发现").click()
        expect(page).to_have_url(re.compile(r"/agent/outreach/?$"), timeout=20000)
        expect(page.get_by_role("heading", level=1)).to_have_text("主动发现", timeout=20000)
        expect(page.get_by_role("link", name="回到坐席工作台")).to_have_attribute("href", "/agent")
    finally:
        context.close()
