"""预约结婚登记 (/booking) in Chromium on a phone: sign in, pick the city and office, a day and a
half-day, give one's details (a wrong ID number first: a kind error, nothing lost), confirm, see the
预约号 in full, cancel it — with axe-core and the measured rules in 标准版 and 长辈版."""

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
PEOPLE = {"normal": ("13812340001", make_id("320102", "19950101", "401")),
          "elder": ("13812340002", make_id("320102", "19960202", "402"))}


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_booking_journey(browser: Browser, base_url: str, mode: str):
    phone, id_number = PEOPLE[mode]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        # from the 结婚登记 guide (once the page has taken over from the server block)
        url = f"{base_url}/services/MZ-HY-01"
        page.goto(with_mode(url, "elder") if mode == "elder" else url)
        expect(page.locator("#mz-pre")).to_have_count(0, timeout=20000)
        page.get_by_role("link", name="预约登记时间").click()
        sign_in(page, phone)  # the page needs sign-in; it comes back here afterwards
        expect(page).to_have_url(re.compile(r"/booking"))
        settle(page, "#b-office-form")
        expect(page.get_by_role("heading", name="预约结婚登记", level=1)).to_be_visible()
        report = audit(page, mode)

        # office: nothing chosen yet → a kind error that takes focus
        page.get_by_role("button", name="继续").click()
        expect(page.locator("#error-summary")).to_be_focused()
        expect(page.locator("#error-summary")).to_contain_text("请选择城市")
        page.get_by_label("在哪个城市登记？").select_option("南京市")
        page.get_by_label("南京市婚姻登记处").check()
        page.get_by_role("button", name="继续").click()

        # day and half-day: the first day with a free half
        day = page.get_by_label("哪一天？")
        expect(day).to_be_visible()
        expect(page.locator("main h1")).to_be_focused()
        first = page.locator("#b-day option").nth(1)
        label = first.inner_text()
        day.select_option(first.get_attribute("value"))
        page.get_by_label("上午" if "上午" in label.split("还有号")[-1] else "下午", exact=True).check()
        page.get_by_role("button", name="继续").click()

        # details: a wrong ID number → the error names the field; the name typed is still there
        page.get_by_label("您的姓名").fill("王小明")
        page.get_by_label("您的身份证号码").fill("320102199501014011")
        page.get_by_role("button", name="确认预约").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("身份证号码不正确")
        expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"#b-id$"))
        expect(page.locator("#b-id")).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("您的姓名")).to_have_value("王小明")
        settle(page)  # the error's re-render and focus move are over before typing again
        page.get_by_label("您的身份证号码").fill(id_number)
        expect(page.get_by_label("您的身份证号码")).to_have_value(id_number)
        page.get_by_role("button", name="确认预约").click()

        # the confirmation: the 预约号 in full, on screen, and what to bring from the 婚姻登记 guide
        ref_box = page.locator("#b-done-ref")
        expect(ref_box).to_have_text(re.compile(r"^HY[A-Z2-9]{8}$"))
        ref = ref_box.inner_text()
        box = ref_box.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box  # not cut off
        expect(page.get_by_role("heading", name="预约成功", level=1)).to_be_visible()
        expect(page.locator("#b-done")).to_contain_text("本人居民身份证")
        expect(page.locator("#b-done")).to_contain_text("南京市婚姻登记处")
        settle(page)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"booking-{mode}.png"), full_page=True)
        report += audit(page, mode)

        # cancel from 我的预约: asked once, then done, said in a status message
        row = page.locator(f"#b-mine [data-ref='{ref}']")
        expect(row).to_contain_text("已预约")
        row.get_by_role("button", name=re.compile("取消预约")).click()
        expect(page.locator("#b-cancel-q")).to_be_focused()
        page.get_by_role("button", name="确定取消").click()
        expect(page.locator("#b-status")).to_have_text(f"已取消预约号 {ref}。")
        expect(row).to_contain_text("已取消")
        report += audit(page, mode)
        assert not report, "\n\n".join(report)
    finally:
        context.close()
