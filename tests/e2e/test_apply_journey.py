"""A citizen finds 尊老金, checks eligibility, signs in with a code, applies one question per
page (errors, reload, change answers), submits, and follows the case to a rating."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from accessibility.axe import assert_no_axe_violations
from app.applications import service as apps
from app.core.db import make_engine
from app.identity.models import Account
from app.identity.service import Actor
from tests.idnumbers import make_id

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
ID = make_id("320102", "19420305", "031")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def wait_hydrated(page: Page) -> None:
    """Wait until React has taken over the page (its props sit on the DOM nodes), so clicks
    reach the app's handlers and not the browser's defaults."""
    page.wait_for_function(
        "() => { const m = document.querySelector('main'); return !!m && Object.keys(m).some(k => k.startsWith('__react')); }",
        timeout=20000)


def sign_in(page: Page, phone: str) -> None:
    expect(page).to_have_url(re.compile(r"/login"), timeout=15000)
    page.get_by_label("手机号码").fill(phone)
    page.get_by_role("button", name="获取验证码").click()
    code = page.locator("#dev-code")
    expect(code).to_have_text(re.compile(r"^\d{6}$"), timeout=15000)
    page.get_by_label("短信验证码").fill(code.inner_text())
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    wait_hydrated(page)


def answer(page: Page, value: str | None = None, choice: str | None = None, ok: bool = True) -> None:
    """Answer the question on screen; when ``ok``, wait until the next page is shown."""
    heading = page.get_by_role("heading", level=1)
    before = heading.inner_text()
    if choice:
        page.get_by_label(choice, exact=True).check()
    else:
        page.locator("#answer").fill(value or "")
    page.get_by_role("button", name="保存并继续").click()
    if ok:
        expect(heading).not_to_have_text(before, timeout=15000)
    else:
        expect(page.locator("#error-summary")).to_be_visible(timeout=15000)


def test_guide_page_has_the_standard_sections(page: Page, base_url: str):
    page.goto(base_url + "/services/MZ-ZLJ-01")
    expect(page.get_by_role("heading", level=1)).to_have_text("尊老金申领")
    for h in ("先看这里", "谁可以申请", "标准", "要准备的材料", "办理流程", "多久办好、在哪办", "常见问题"):
        expect(page.get_by_role("heading", name=h, exact=True)).to_be_visible()
    more = page.locator("details#more")
    expect(more.locator("summary")).to_contain_text("更多信息")
    more.locator("summary").click()
    for h in ("办理依据", "信息来源"):
        expect(more.get_by_role("heading", name=h, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="在线办理")).to_be_visible()
    expect(page.get_by_role("link", name="帮家人办")).to_be_visible()
    box = page.locator(".checklist input[type=checkbox]").first
    box.check()
    expect(box).to_be_checked()
    shot(page, "guide-zlj")
    assert_no_axe_violations(page)


def test_bundle_and_policy_pages(page: Page, base_url: str):
    page.goto(base_url + "/bundles/YJS-BZSHS")
    expect(page.get_by_role("heading", level=1)).to_have_text("殡葬身后事一件事")
    expect(page.locator(".steps li")).to_have_count(6)
    expect(page.get_by_text("这件事目前需要到窗口办理。")).to_be_visible()  # none of its items is online
    assert_no_axe_violations(page)
    page.goto(base_url + "/bundles/YJS-CJRBT")
    expect(page.get_by_role("link", name="开始一次申请")).to_have_attribute(
        "href", "/apply/MZ-CJR-01?bundle=YJS-CJRBT")
    page.goto(base_url + "/policies/POL-ZLJ-01")
    expect(page.get_by_role("heading", level=1)).to_contain_text("尊老金")
    page.goto(base_url + "/services/NOPE-00")
    expect(page.get_by_role("heading", level=1)).to_have_text("没有找到这个办事事项")


def test_eligibility_check_explains_the_result(page: Page, base_url: str):
    page.goto(base_url + "/eligibility/MZ-ZLJ-01")
    # the hydrated page's flow (重新回答 …); a tap before it posts the server's form instead, whose
    # journey is tests/e2e/test_no_js_forms.py's
    wait_hydrated(page)
    page.get_by_role("button", name="看结果").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请回答：老人的户口在江苏吗？")
    page.locator("label[for='q-hukou-是']").click()
    page.locator("label[for='q-age-不到79周岁']").click()
    page.get_by_role("button", name="看结果").click()
    expect(page.locator("#result-heading")).to_have_text("现在还不能领取")
    expect(page.get_by_text("结论：暂不符合。")).to_be_visible()
    page.get_by_role("button", name="重新回答").click()
    page.locator("label[for='q-hukou-是']").click()
    page.locator("label[for='q-age-80—99周岁']").click()
    page.get_by_role("button", name="看结果").click()
    expect(page.locator("#result-heading")).to_have_text("符合尊老金的领取条件")
    expect(page.get_by_role("heading", name="要准备什么")).to_be_visible()
    shot(page, "eligibility-result")
    assert_no_axe_violations(page)


def test_apply_online_from_guide_to_rating(page: Page, base_url: str, app_database_url: str):
    page.goto(base_url + "/services/MZ-ZLJ-01")
    page.get_by_role("link", name="在线办理").click()
    sign_in(page, "13800138000")
    expect(page).to_have_url(re.compile(r"/application/\d+"), timeout=20000)

    # 1. name — empty first: error summary takes focus and links to the field
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的姓名")
    answer(page, "", ok=False)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("请填写“申请人的姓名”。")
    expect(page.locator("#answer")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("这一步填老人本人的信息")).to_be_visible()
    shot(page, "apply-error")
    assert_no_axe_violations(page)
    # the "None" blocker: follow the summary's link (URL becomes #answer), type, save
    summary.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"#answer$"))
    page.keyboard.type("王秀英")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的身份证号码", timeout=15000)
    expect(page).to_have_title(re.compile(r"^申请人的身份证号码"))

    # 2. ID number — a wrong check digit is caught, then a valid one
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的身份证号码")
    answer(page, ID[:-1] + ("1" if ID[-1] != "1" else "2"), ok=False)
    expect(page.locator("#answer-error")).to_contain_text("校验不通过")
    answer(page, ID)

    # reload mid-way: nothing is lost, the saved ID is only shown masked
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的户籍在哪个市？")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的户籍在哪个市？", timeout=15000)
    page.get_by_role("link", name="返回上一步").click()
    expect(page.get_by_text(ID[:4] + "*" * 10 + ID[-4:])).to_be_visible()
    assert ID not in page.content()
    page.get_by_role("button", name="保存并继续").click()  # keep the saved answer
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的户籍在哪个市？", timeout=15000)

    answer(page, choice="南京市")
    # the contact phone is offered from the sign-in phone; a landline is accepted too
    expect(page.locator("#answer")).to_have_value("13800138000")
    answer(page, "025-83201234")
    answer(page, "６２２２ ０２１２ ３４５６ ７８９０ １２３")  # full-width digits, as some input methods type them

    # check answers: the person sees what they typed (only here), changes one and comes back here
    expect(page.get_by_role("heading", level=1)).to_have_text("提交前请核对您的回答")
    expect(page.get_by_text("王秀英", exact=True)).to_be_visible()
    expect(page.get_by_text(ID, exact=True)).to_be_visible()
    expect(page.get_by_text("6222021234567890123", exact=True)).to_be_visible()
    expect(page.get_by_text("02583201234", exact=True)).to_be_visible()
    page.get_by_role("link", name="修改 申请人的姓名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人的姓名", timeout=15000)
    page.locator("#answer").fill("王秀芳")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提交前请核对您的回答", timeout=15000)
    expect(page.get_by_text("王秀芳")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="确认提交").dblclick()  # a double tap must not submit twice

    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible(timeout=15000)
    ref = page.locator("#ref").inner_text()
    assert re.fullmatch(r"MZ\d{14}", ref)
    assert ref[2:10] == page.evaluate(
        "new Intl.DateTimeFormat('en-CA',{timeZone:'Asia/Shanghai'}).format(new Date()).replaceAll('-','')")
    assert ID not in page.content()  # masked again after the check step
    shot(page, "apply-confirmation")
    assert_no_axe_violations(page)
    app_id = int(re.search(r"/application/(\d+)", page.url).group(1))

    # 我的办件 lists it once
    page.goto(base_url + "/me")
    expect(page.get_by_text(ref)).to_have_count(1)
    expect(page.get_by_text("已提交").first).to_be_visible()

    # staff move it to 办结 (the window system, here the domain service on the same database)
    engine = make_engine(app_database_url)
    with Session(engine) as s:
        acc = Account(phone_hash="e2e-staff", phone_enc="-", phone_masked="窗口", role="window_staff")
        s.add(acc)
        s.commit()
        staff = Actor(acc.id, "window_staff", None, "window")
    for st in ("accepted", "reviewing", "completed"):
        apps.advance(engine, staff, app_id, st)

    page.goto(f"{base_url}/application/{app_id}")
    expect(page.locator("#status")).to_have_text("已办结", timeout=15000)
    expect(page.locator(".timeline li")).to_have_count(4)
    page.get_by_label("5 星：非常满意").check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价（5 星）。")).to_be_visible()
    shot(page, "apply-rated")


def test_someone_elses_application_is_refused(page: Page, base_url: str):
    page.goto(base_url + "/me")
    page.get_by_role("link", name="用手机号登录").click()
    sign_in(page, "13900139000")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的办件", timeout=15000)
    page.goto(base_url + "/application/1")
    expect(page.get_by_role("heading", level=1)).to_have_text("无法打开这份申请", timeout=15000)
    assert "王秀" not in page.content()


def test_sign_in_errors_are_clear(page: Page, base_url: str):
    page.goto(base_url + "/login")
    page.get_by_label("手机号码").fill("12345")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#error-summary")).to_contain_text("11位手机号码", timeout=15000)
    page.get_by_label("手机号码").fill("13700137000")
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill("000000" if page.locator("#dev-code").inner_text() != "000000" else "111111")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#error-summary")).to_contain_text("验证码不正确", timeout=15000)
    assert_no_axe_violations(page)
