"""The three stories of 代办, each in normal and 长辈版 modes, with axe-core on the pages:
a daughter applies for her father (he consents on his own phone or in his own account); a community agent with scoped,
time-limited authority that is then revoked; window staff helping a citizen (帮办)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from accessibility.axe import assert_no_axe_violations
from app.audit.models import AuditEvent
from app.core.db import make_engine
from app.identity.service import dev_last_message
from tests.e2e.test_apply_journey import answer, shot, sign_in
from tests.idnumbers import make_id

pytestmark = pytest.mark.e2e
MODES = ["normal", "elder"]


def set_mode(page: Page, base_url: str, mode: str) -> None:
    page.goto(base_url + ("/?mode=elder" if mode == "elder" else "/?mode=standard"))
    if mode == "elder":
        expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))


def new_page(browser: Browser, base_url: str, mode: str) -> Page:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = ctx.new_page()
    set_mode(page, base_url, mode)
    return page


def fill_zlj(page: Page, name: str, idn: str, phone: str) -> str:
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的姓名", timeout=20000)
    answer(page, name)
    answer(page, idn)
    answer(page, choice="南京市")
    answer(page, phone)
    answer(page, "6222021234567890123")
    expect(page.get_by_role("heading", level=1)).to_have_text("提交前请核对您的回答")
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible(timeout=15000)
    return page.locator("#ref").inner_text()


@pytest.mark.parametrize("mode", MODES)
def test_daughter_applies_for_father_with_his_consent(browser: Browser, base_url: str, app_database_url: str, mode: str):
    """The father agrees himself — on his own phone (a link sent to the phone on record; normal
    mode) or in his own account (长辈版) — and the daughter never handles any code (issue 12)."""
    n = MODES.index(mode)
    daughter_phone, father_phone = f"1381000100{n}", f"1350000200{n}"
    father_id, father_name = make_id("320102", "19400101", f"0{n}1"), "王德海" if n == 0 else "王德山"
    engine = make_engine(app_database_url)

    # the father has signed in once and recorded who he is: his phone is now on record
    fpage = new_page(browser, base_url, mode)
    fpage.goto(base_url + "/login?next=/family/me")
    sign_in(fpage, father_phone)
    expect(fpage.get_by_role("heading", level=1)).to_have_text("确认我的本人信息", timeout=20000)
    fpage.get_by_label("您的姓名").fill(father_name)
    fpage.get_by_label("您的身份证号码").fill(father_id)
    fpage.get_by_role("button", name="确认本人信息").click()
    expect(fpage.locator("#family-message")).to_contain_text("已记录", timeout=15000)

    page = new_page(browser, base_url, mode)
    page.goto(base_url + "/family")
    page.get_by_role("link", name="用手机号登录").click()
    sign_in(page, daughter_phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("帮家人办", timeout=20000)
    page.get_by_role("link", name="申请为家人代办").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请为家人代办", timeout=20000)
    # all errors at once, each linked to its field, the fields marked invalid
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused(timeout=15000)
    expect(summary.get_by_role("link")).to_have_count(3)
    for fid in ("rq-relationship", "rq-name", "rq-id_number"):
        expect(page.locator(f"#{fid}")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    shot(page, f"family-request-errors-{mode}")
    # coming from a service, the scope defaults to that service (issue 13)
    page.goto(base_url + "/family/request?service=MZ-ZLJ-01")
    expect(page.locator("#rq-scope")).to_have_value("MZ-ZLJ-01", timeout=15000)
    page.get_by_label("您是这位家人的什么人").select_option("子女")
    page.get_by_label("家人的姓名").fill(father_name)
    page.get_by_label("家人的身份证号码").fill(father_id)
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#family-message")).to_contain_text("申请已提交", timeout=15000)
    expect(page.locator("#family-message")).to_contain_text("请不要向家人索要短信内容")
    row = page.locator(".result", has_text=father_name)
    expect(row).to_contain_text("待本人确认")
    assert father_id not in page.content() and "验证码" not in row.inner_text()
    assert_no_axe_violations(page)
    shot(page, f"family-pending-{mode}")

    if mode == "normal":
        # the father's phone got a link; he opens it himself (a fresh browser, not signed in)
        msg = dev_last_message(engine, father_phone, "consent")
        assert msg is not None and dev_last_message(engine, daughter_phone, "consent") is None
        link = re.search(r"(/consent\?t=[\w-]+)", msg.body).group(1)
        phone = new_page(browser, base_url, mode)
        phone.goto(base_url + link)
        expect(phone.get_by_role("heading", level=1)).to_have_text("确认代办授权", timeout=20000)
        expect(phone.locator("main")).to_contain_text("138****100")
        assert_no_axe_violations(phone)
        shot(phone, f"consent-page-{mode}")
        phone.get_by_role("button", name="同意", exact=True).click()
        expect(phone.locator("#consent-done")).to_contain_text("您已同意", timeout=15000)
        phone.goto(base_url + link)  # the link works once
        expect(phone.locator("#consent-error")).to_contain_text("失效", timeout=15000)
    else:
        fpage.goto(base_url + "/family")
        helper = fpage.locator(".result", has_text="138****")
        expect(helper).to_contain_text("待本人确认", timeout=15000)
        helper.get_by_role("button", name="同意", exact=True).click()
        expect(fpage.locator("#family-message")).to_contain_text("您已同意", timeout=15000)

    page.goto(base_url + "/family")
    row = page.locator(".result", has_text=father_name)
    expect(row).to_contain_text("有效", timeout=15000)
    row.get_by_role("link", name="为家人办理").click()
    page.get_by_role("link", name="尊老金申领").click()
    ref = fill_zlj(page, father_name, father_id, father_phone)
    assert re.fullmatch(r"MZ\d{14}", ref)
    assert_no_axe_violations(page)

    # the father, in his own account, sees who can act for him, how he agreed, and what was done
    fpage.goto(base_url + "/family")
    helper = fpage.locator(".result", has_text="138****")
    expect(helper).to_contain_text("有效", timeout=15000)
    expect(helper).to_contain_text("本人在登记手机上打开确认短信同意" if mode == "normal" else "本人在自己的账号里确认")
    expect(fpage.locator(".notes")).to_contain_text(f"提交了申请（受理编号 {ref}）")
    assert_no_axe_violations(fpage)
    shot(fpage, f"family-principal-{mode}")

    with Session(engine) as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "application.submit")
                    .order_by(AuditEvent.id.desc())).first()
        assert ev.delegation_id is not None and ev.on_behalf_of_person_id is not None and ev.channel == "web"


@pytest.mark.parametrize("mode", MODES)
def test_community_agent_scoped_then_revoked(browser: Browser, base_url: str, mode: str):
    n = MODES.index(mode)
    resident_phone, agent_phone = f"1370000300{n}", f"1390000400{n}"
    resident_id, resident_name = make_id("320106", "19350606", f"0{n}2"), "李桂兰" if n == 0 else "李桂芬"

    res = new_page(browser, base_url, mode)
    res.goto(base_url + "/login?next=/family")
    sign_in(res, resident_phone)
    res.goto(base_url + "/family/me")
    res.get_by_label("您的姓名").fill(resident_name)
    res.get_by_label("您的身份证号码").fill(resident_id)
    res.get_by_role("button", name="确认本人信息").click()
    expect(res.locator("#family-message")).to_contain_text("已记录", timeout=15000)
    res.get_by_role("link", name="授权别人为我办理").click()
    expect(res.get_by_role("heading", level=1)).to_have_text("授权别人为我办理", timeout=20000)
    res.get_by_label("代办人的手机号码").fill(agent_phone)
    res.get_by_label("代办人是您的什么人").select_option("社区代办员")
    res.locator("#au-scope").select_option("MZ-ZLJ-01")
    res.locator("#au-days").select_option("30")  # 30 days
    res.get_by_role("button", name="确认授权").click()
    expect(res.locator("#family-message")).to_contain_text("授权已生效", timeout=15000)
    expect(res.locator(".result", has_text="社区代办员")).to_contain_text("尊老金申领")

    agent = new_page(browser, base_url, mode)
    agent.goto(base_url + "/login?next=/family")
    sign_in(agent, agent_phone)
    row = agent.locator(".result", has_text=resident_name)
    expect(row).to_contain_text("有效", timeout=20000)
    row.get_by_role("link", name="为家人办理").click()
    agent.get_by_role("link", name="最低生活保障申请（低保申请）").click()  # outside the scope
    expect(agent.get_by_text("您没有为这位家人办理这件事的有效授权。")).to_be_visible(timeout=15000)
    agent.go_back()
    agent.get_by_role("link", name="尊老金申领").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("申请人的姓名", timeout=20000)
    answer(agent, resident_name)
    app_url = agent.url.split("?")[0]
    assert_no_axe_violations(agent)

    res.goto(base_url + "/family")
    res.locator(".result", has_text="社区代办员").get_by_role("button", name="撤销授权").click()
    expect(res.locator("#family-message")).to_contain_text("已撤销", timeout=15000)
    shot(res, f"family-revoked-{mode}")

    agent.goto(app_url)
    expect(agent.get_by_role("heading", level=1)).to_have_text("无法打开这份申请", timeout=15000)
    assert resident_name not in agent.content()


@pytest.mark.parametrize("mode", MODES)
def test_window_staff_helps_a_citizen(browser: Browser, base_url: str, app_database_url: str, mode: str):
    n = MODES.index(mode)
    staff_phone = f"1330000500{n}"
    citizen_id, citizen_name = make_id("320104", "19380808", f"0{n}7"), "赵国强" if n == 0 else "赵国富"
    from app.cli import main as cli

    assert cli(["staff", "add", staff_phone, "--role", "window_staff", "--database-url", app_database_url]) == 0

    # a citizen cannot reach the staff page
    citizen = new_page(browser, base_url, mode)
    citizen.goto(base_url + "/login?next=/staff")
    sign_in(citizen, f"1360000600{n}")
    expect(citizen.get_by_role("alert")).to_have_text("此页面仅限窗口工作人员使用。", timeout=15000)

    page = new_page(browser, base_url, mode)
    page.goto(base_url + "/login?next=/staff")
    sign_in(page, staff_phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("窗口帮办", timeout=20000)
    page.get_by_label("群众姓名").fill(citizen_name)
    page.get_by_label("身份证号码").fill(citizen_id)
    page.get_by_role("button", name="查找").click()
    expect(page.locator("#staff-error")).to_contain_text("原因", timeout=15000)  # no look-up without a reason
    page.get_by_label("查找原因（必填）").fill("本人到窗口申请尊老金")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("heading", name=re.compile("正在为"))).to_contain_text(citizen_id[:4] + "*" * 10)
    assert citizen_id not in page.content()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="尊老金申领").click()
    ref = fill_zlj(page, citizen_name, citizen_id, f"1360000700{n}")
    assert ref

    engine = make_engine(app_database_url)
    with Session(engine) as s:
        evs = s.exec(select(AuditEvent).where(AuditEvent.object_type == "application",
                                              AuditEvent.actor_role == "window_staff")).all()
    mine = [e for e in evs if e.detail.get("ref") == ref]
    assert mine and mine[0].channel == "window" and mine[0].on_behalf_of_person_id is not None
