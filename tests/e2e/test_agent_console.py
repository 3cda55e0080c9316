"""Hotline console, end to end in Chromium against the real app: a hand-over from the assistant is
claimed, suggestions appear for the conversation, one is inserted into the reply, a work order is
created, assigned, handled, fed back and rated; a kiosk help request reaches the queue; citizens
are refused at /agent and its API; the supervisor's view; axe-core on every console page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from accessibility.axe import assert_no_axe_violations
from app.audit.models import AuditEvent
from app.contacts.service import create_contact
from app.core.crypto import encrypt, lookup_hash
from app.core.db import make_engine
from app.core.privacy import mask_phone
from app.hotline.models import WorkOrder
from app.identity.models import Account
from app.identity.service import find_or_create_person
from app.tables import create_tables
from tests.e2e.test_apply_journey import shot, sign_in, wait_hydrated
from tests.idnumbers import make_id

pytestmark = pytest.mark.e2e
DESKTOP = {"width": 1400, "height": 1000}
CITIZEN_ID = make_id("320104", "19340612", "027")


@pytest.fixture(scope="module")
def db(app_database_url):
    e = make_engine(app_database_url)
    create_tables(e)
    return e


def account(db, phone: str, role: str, *, name: str | None = None, id_number: str | None = None) -> Account:
    """A staff account as `minzheng staff add PHONE --role …` makes it (or a citizen with a Person)."""
    with Session(db) as s:
        acc = s.exec(select(Account).where(Account.phone_hash == lookup_hash(phone))).first()
        if acc is None:
            acc = Account(phone_hash=lookup_hash(phone), phone_enc=encrypt(phone), phone_masked=mask_phone(phone))
        acc.role = role
        if id_number:
            acc.person_id = find_or_create_person(s, name=name, id_number=id_number, hukou_region="南京市").id
        s.add(acc)
        s.commit()
        s.refresh(acc)
        return acc


@pytest.fixture()
def desk(browser: Browser, base_url):
    """A desktop-sized page (the console is a desk tool)."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", base_url=base_url)
    page = context.new_page()
    yield page
    context.close()


def open_console(page: Page, base_url: str, phone: str) -> None:
    page.goto(base_url + "/agent")
    sign_in(page, phone)
    expect(page).to_have_url(re.compile(r"/agent/?$"), timeout=20000)
    expect(page.get_by_role("heading", level=1)).to_have_text("坐席工作台", timeout=20000)
    wait_hydrated(page)


def queue_item(page: Page, contact_id: int):
    return page.locator(f"#agent-queue li[data-contact='{contact_id}']")


def suggestions_seq(page: Page) -> int:
    return int(page.locator("#suggest-region").get_attribute("data-seq") or 0)


def test_citizen_is_refused_at_the_console_and_its_api(page: Page, base_url: str, db):
    account(db, "13600136019", "citizen")
    create_contact(db, kind="handoff", channel="web", session_id="secret", summary="不应被市民看到的转接")
    page.goto(base_url + "/agent")
    sign_in(page, "13600136019")
    expect(page.get_by_role("heading", level=1)).to_have_text("无法打开坐席工作台", timeout=20000)
    assert "不应被市民看到的转接" not in page.content()
    assert page.locator("#agent-queue").count() == 0
    assert_no_axe_violations(page)
    for path in ("/agent/orders", "/agent/supervisor"):
        page.goto(base_url + path)
        expect(page.locator("#agent-denied")).to_be_visible(timeout=20000)
    for path in ("/api/agent/queue", "/api/agent/work-orders", "/api/agent/gaps", "/api/agent/suggest?q=尊老金"):
        r = page.request.get(base_url + path)
        assert r.status == 403, (path, r.status)
        assert "不应被市民看到的转接" not in r.text()
    anonymous = page.context.browser.new_context()
    try:
        assert anonymous.request.get(base_url + "/api/agent/queue").status == 401
    finally:
        anonymous.close()


def test_handoff_claimed_answered_and_work_order_closed_loop(desk: Page, base_url: str, db):
    page = desk
    agent = account(db, "13600136001", "hotline_agent")
    citizen = account(db, "13600136011", "citizen", name="赵桂兰", id_number=CITIZEN_ID)
    contact = create_contact(db, kind="handoff", channel="web", session_id="chat-e2e", summary="尊老金 · 用户要求转人工",
                             person_id=citizen.person_id, transcript=[
                                 {"from": "user", "text": "我奶奶今年九十岁了，尊老金怎么领"},
                                 {"from": "bot", "text": "尊老金按年龄段发放，可以在户籍所在地社区申请。"},
                                 {"from": "user", "text": "我要转人工"}])
    open_console(page, base_url, "13600136001")

    # the hand-over waits in the queue with the conversation so far; claim it
    item = queue_item(page, contact.id)
    expect(item).to_contain_text("智能助手转人工")
    item.get_by_role("button", name=re.compile("^接起")).click()
    expect(page.locator("#contact-heading")).to_contain_text(f"#{contact.id}", timeout=15000)
    expect(page.locator("#agent-transcript li")).to_have_count(3)
    expect(page.locator("#agent-transcript")).to_contain_text("尊老金怎么领")

    # the citizen, masked; the full record is one audited click away
    facts = page.locator("#citizen-facts")
    expect(facts).to_contain_text("赵*兰")
    expect(facts).to_contain_text(CITIZEN_ID[:4] + "*" * 10 + CITIZEN_ID[-4:])
    assert CITIZEN_ID not in page.content()

    def full_reads() -> list[int]:
        with Session(db) as s:
            return [r.actor_account_id for r in s.exec(select(AuditEvent).where(
                AuditEvent.action == "person.read", AuditEvent.on_behalf_of_person_id == citizen.person_id)).all()]

    before = full_reads()
    page.locator("#reveal-reason").fill("来电人要求核对身份证号")  # issue 12: a reason in the agent's words
    page.get_by_role("button", name="查看完整信息").click()
    expect(facts).to_contain_text(CITIZEN_ID, timeout=15000)
    assert full_reads() == before + [agent.id]
    page.get_by_role("button", name="重新打码").click()
    expect(facts).not_to_contain_text(CITIZEN_ID, timeout=15000)
    page.get_by_role("button", name="查看TA的办件").click()
    expect(page.get_by_text("没有找到TA的办件。")).to_be_visible(timeout=15000)
    # 政策找人 on the phone: what the caller may qualify for, from the record (born 1935, 南京), audited
    page.get_by_role("button", name="可能符合的政策").click()
    expect(page.locator("#citizen-matches")).to_contain_text("尊老金", timeout=15000)
    expect(page.locator("#citizen-matches")).to_contain_text("很可能符合")
    with Session(db) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "eligibility.match",
                                               AuditEvent.on_behalf_of_person_id == citizen.person_id)).first()

    # suggestions for the conversation, each with its source and a confidence
    cards = page.locator("#agent-suggestions .agent-suggestion")
    expect(cards.first).to_be_visible(timeout=15000)
    expect(cards.first.locator(".agent-source")).to_have_text(re.compile(r"^(常见问题 #\d+ · |办事指南 · |政策 · )"))
    expect(cards.first.locator(".agent-confidence")).to_have_text(re.compile(r"可信度 \d+%（[高中低]）"))
    expect(page.locator("#suggest-query")).to_contain_text("尊老金怎么领")
    assert_no_axe_violations(page)
    shot(page, "agent-console-claimed")

    # the caller says more: a typed line refreshes the suggestions
    before = suggestions_seq(page)
    page.locator("#line-text").fill("她户口在南京，要准备什么材料")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.locator("#agent-transcript li")).to_have_count(4, timeout=15000)
    page.wait_for_function(f"() => +document.querySelector('#suggest-region').dataset.seq > {before}")
    expect(page.locator("#suggest-query")).to_contain_text("要准备什么材料")

    # insert the first suggestion into the reply; the agent edits and records it
    first = cards.first
    answer = first.locator(".agent-answer").inner_text()
    entry = first.get_attribute("data-entry")
    first.get_by_role("button", name="插入答复").click()
    expect(page.locator("#reply")).to_have_value(re.compile(re.escape(answer[:20])), timeout=15000)
    first.get_by_role("button", name="朗读给来电人").click()
    page.wait_for_function("(a) => (window.minzhengAgent?.stats.spoken || []).some(x => x.startsWith(a))",
                           arg=answer[:15])
    first.get_by_role("button", name="复制").click()
    expect(page.locator("#agent-message")).to_contain_text("已复制到剪贴板", timeout=15000)
    first.get_by_role("button", name="有用").click()
    expect(first.get_by_role("button", name="有用")).to_have_attribute("aria-pressed", "true", timeout=15000)
    page.get_by_role("button", name="记入通话记录").click()
    expect(page.locator("#agent-transcript li[data-from='agent']")).to_have_count(1, timeout=15000)

    # a work order from the call
    page.get_by_role("button", name="生成工单").click()
    expect(page.locator("#order-description")).to_have_value(re.compile("尊老金怎么领"), timeout=15000)
    page.locator("#order-category").select_option("求助")
    page.locator("#order-district").select_option("南京市")
    page.locator("#order-department").select_option("社区（村）居委会")
    page.locator("#order-title").fill("老人尊老金申领需社区上门协助")
    page.get_by_role("button", name="生成工单").click()  # the form's submit (the opener is hidden now)
    order_link = page.locator("#contact-orders a")
    expect(order_link).to_have_text(re.compile(r"^GD\d{14}$"), timeout=15000)
    ref = order_link.inner_text()

    # wrap-up, prefilled from the transcript and the suggestion used
    page.get_by_role("button", name="结束并填写小结").click()
    expect(page.locator("#wrap-summary")).to_have_value(re.compile("来电人询问：我奶奶今年九十岁了"), timeout=15000)
    expect(page.locator("#wrap-outcome")).to_have_value("work_order")
    expect(page.locator("#wrap-topic")).to_have_value("尊老金")
    assert_no_axe_violations(page)
    page.locator("#wrap-summary").fill("家属询问尊老金申领，已告知材料，转社区上门协助。")
    page.get_by_role("button", name="保存小结并结束").click()
    expect(page.locator("#agent-message")).to_contain_text(f"第 {contact.id} 号已结束", timeout=15000)
    expect(page.locator("#contact-heading")).to_have_text("当前通话")

    # the loop: 分派 → 处置 → 反馈 → 评价, each with who and when
    with Session(db) as s:
        wo = s.exec(select(WorkOrder).where(WorkOrder.ref == ref)).one()
        assert (wo.status, wo.topic, wo.person_id) == ("pending", "尊老金", citizen.person_id)
    page.goto(f"{base_url}/agent/orders/{wo.id}")
    expect(page.locator("#order-ref")).to_have_text(ref, timeout=20000)
    wait_hydrated(page)
    facts = page.locator("#order-facts")
    expect(facts).to_contain_text("待分派")
    assert_no_axe_violations(page)
    page.locator("#assign-department").select_option("乡镇（街道）社会事务办")
    page.locator("#assign-handler").fill("张科长")
    page.get_by_role("button", name="分派").click()
    expect(facts).to_contain_text("已分派", timeout=15000)
    expect(facts).to_contain_text("张科长")
    page.locator("#start-note").fill("已联系家属")
    page.get_by_role("button", name="开始处置").click()
    expect(facts).to_contain_text("处置中", timeout=15000)
    page.locator("#feedback-text").fill("社区工作人员已上门，代为提交尊老金申请，预计下月发放。")
    page.get_by_role("button", name="提交反馈").click()
    expect(facts).to_contain_text("已反馈", timeout=15000)
    expect(page.locator("#order-feedback")).to_contain_text("代为提交尊老金申请")
    assert_no_axe_violations(page)
    page.get_by_label("5 星：非常满意").check()
    page.locator("#rate-comment").fill("服务很好")
    page.get_by_role("button", name="记录回访评价").click()
    expect(page.locator("#order-rating")).to_contain_text("5 星（非常满意），坐席回访记录", timeout=15000)
    expect(page.locator("#order-timeline li")).to_have_count(5)
    for label in ("待分派", "已分派", "处置中", "已反馈", "已评价"):
        expect(page.locator("#order-timeline")).to_contain_text(label)
    expect(page.locator("#order-timeline")).to_contain_text("136****6001")  # who
    shot(page, "agent-order-rated")
    assert_no_axe_violations(page)

    # the list shows it, and the suggestion's feedback counts
    page.goto(base_url + "/agent/orders")
    row = page.locator("tr", has_text=ref)
    expect(row).to_contain_text("已评价", timeout=20000)
    assert_no_axe_violations(page)
    with Session(db) as s:
        actions = {e.action for e in s.exec(select(AuditEvent).where(AuditEvent.object_type == "work_order",
                                                                     AuditEvent.object_id == str(wo.id))).all()}
        assert actions == {"work_order.create", "work_order.assigned", "work_order.handling", "work_order.fed_back",
                           "work_order.rated"}
    stats = page.request.get(base_url + "/api/agent/suggestion-stats").json()
    mine = next(e for e in stats["entries"] if e["entry_id"] == entry)
    assert mine["useful"] >= 1 and mine["used"] >= 1 and mine["shown"] >= 1


def test_kiosk_help_request_reaches_the_queue(browser: Browser, desk: Page, base_url: str, db):
    account(db, "13600136002", "hotline_agent")
    kiosk = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    try:
        kp = kiosk.new_page()
        kp.goto(base_url + "/kiosk?kiosk=hall-3")
        wait_hydrated(kp)
        kp.locator("#kiosk-staff").click()
        ref = kp.locator("#kiosk-help-ref strong")
        expect(ref).to_have_text(re.compile(r"^\d+$"), timeout=20000)
        contact_id = int(ref.inner_text())
    finally:
        kiosk.close()
    open_console(desk, base_url, "13600136002")
    item = queue_item(desk, contact_id)
    expect(item).to_contain_text("自助终端求助", timeout=15000)
    expect(item).to_contain_text("hall-3")
    item.get_by_role("button", name=re.compile("^接起")).click()
    expect(desk.locator("#contact-heading")).to_contain_text(f"#{contact_id} · 自助终端求助", timeout=15000)
    expect(desk.get_by_text("未登录或未关联市民身份。")).to_be_visible()
    # it has left the queue: no other agent can take it any more
    expect(queue_item(desk, contact_id)).to_have_count(0)


def test_a_new_call_with_typed_notes_and_a_gap(desk: Page, base_url: str, db):
    account(db, "13600136003", "hotline_agent")
    open_console(desk, base_url, "13600136003")
    desk.get_by_role("button", name="接听来电").click()
    expect(desk.locator("#contact-heading")).to_contain_text("热线来电", timeout=15000)
    desk.locator("#line-text").fill("我想问一下公积金怎么提取")
    desk.get_by_role("button", name="添加", exact=True).click()
    expect(desk.locator("#suggest-weak")).to_be_visible(timeout=15000)
    desk.get_by_label("我的备注").check()
    desk.locator("#line-text").fill("非民政业务，告知公积金中心电话")
    desk.get_by_role("button", name="添加", exact=True).click()
    expect(desk.locator("#agent-transcript li[data-from='note']")).to_have_count(1, timeout=15000)
    desk.get_by_role("button", name="结束并填写小结").click()
    expect(desk.locator("#wrap-outcome")).to_have_value("unresolved", timeout=15000)
    desk.locator("#wrap-outcome").select_option("referred")
    desk.get_by_role("button", name="保存小结并结束").click()
    expect(desk.locator("#agent-message")).to_contain_text("已结束", timeout=15000)
    gaps = desk.request.get(base_url + "/api/agent/gaps").json()["gaps"]
    assert any("公积金" in g["question"] for g in gaps)


def test_supervisor_view(desk: Page, base_url: str, db):
    sup = account(db, "13600136004", "supervisor")
    agent = account(db, "13600136005", "hotline_agent")
    from datetime import timedelta

    from app.hotline import service as hs
    from app.identity.service import Actor

    a = Actor(agent.id, "hotline_agent", None, "hotline")
    c = create_contact(db, kind="call", channel="hotline", session_id="sup", summary="来电",
                       transcript=[{"from": "caller", "text": "低保申请三个月没消息"}])
    hs.claim(db, a, c.id)
    wo = hs.create_work_order(db, a, c.id, category="投诉", district="徐州市", department="县（市、区）民政局",
                              description="低保申请三个月没有答复", topic="低保")
    with Session(db) as s:
        row = s.get(WorkOrder, wo.id)
        row.due_at = hs.now() - timedelta(hours=1)
        s.add(row)
        s.commit()
    desk.goto(base_url + "/agent/supervisor")
    sign_in(desk, "13600136004")
    expect(desk.get_by_role("heading", level=1)).to_have_text("班长看板", timeout=20000)
    expect(desk.locator("#sup-stats")).to_contain_text("建议采纳率")
    overdue = desk.locator("tr", has_text=wo.ref)
    expect(overdue).to_contain_text("已逾期")
    # the by-topic table (the KB-gap list may also hold a row starting with 低保)
    by_topic = desk.get_by_role("region", name="按主题和状态统计")
    expect(by_topic.get_by_role("row", name=re.compile("^低保"))).to_be_visible()
    shot(desk, "agent-supervisor")
    assert_no_axe_violations(desk)
    assert sup.role == "supervisor"
    # an agent is not a supervisor
    desk.context.clear_cookies()
    desk.goto(base_url + "/agent/supervisor")
    sign_in(desk, "13600136005")
    expect(desk.get_by_role("heading", level=1)).to_have_text("无法打开班长看板", timeout=20000)


FAKE_MIC = """
navigator.mediaDevices.getUserMedia = async () => {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const dest = ctx.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  return dest.stream;
};
"""


def test_live_transcription_streams_audio_and_adds_caller_lines(desk: Page, base_url: str, db):
    """The page's capture code (assets/agent.js) streams PCM to /api/voice/asr and turns each final
    result into a caller line. The recogniser is stood in for by a scripted websocket here (the
    e2e app has no Chinese model; the real recogniser is tested in tests/voice)."""
    account(db, "13600136006", "hotline_agent")
    received = {"start": None, "audio_bytes": 0}

    def asr(ws):
        def on_message(message):
            if isinstance(message, str):
                cmd = __import__("json").loads(message)
                if cmd.get("type") == "start":
                    received["start"] = cmd
                    ws.send('{"type": "ready", "mode": "free"}')
                return
            received["audio_bytes"] += len(message)
            if received["audio_bytes"] >= 3200 and not received.get("said"):
                received["said"] = True
                ws.send('{"type": "partial", "text": "我奶奶的尊老金"}')
                ws.send('{"type": "final", "text": "我奶奶的尊老金怎么还没到账"}')
        ws.on_message(on_message)

    desk.context.add_init_script(FAKE_MIC)
    desk.route_web_socket(re.compile(r".*/api/voice/asr$"), asr)
    open_console(desk, base_url, "13600136006")
    desk.get_by_role("button", name="接听来电").click()
    expect(desk.locator("#contact-heading")).to_contain_text("热线来电", timeout=15000)
    toggle = desk.locator("#agent-live-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    caller = desk.locator("#agent-transcript li[data-from='caller']")
    expect(caller).to_have_count(1, timeout=20000)
    expect(caller).to_contain_text("我奶奶的尊老金怎么还没到账")
    expect(desk.locator("#suggest-query")).to_contain_text("尊老金怎么还没到账", timeout=15000)
    expect(desk.locator("#agent-suggestions .agent-suggestion").first).to_be_visible()
    assert received["start"] == {"type": "start", "sample_rate": 16000, "mode": "free"}
    assert received["audio_bytes"] >= 3200 and received["audio_bytes"] % 2 == 0  # 16-bit PCM frames
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_have_text("开始实时转写")
