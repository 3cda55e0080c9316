"""What an online application asks, one question per page (GOV.UK pattern).

Questions, validation and the Chinese error messages live here; the web pages only render
them. Service-specific questions come after the common ones; a service without its own list
uses the common questions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.core.privacy import id_number_valid, mask_id_number, mask_phone

JIANGSU_CITIES = ("南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市", "淮安市",
                  "盐城市", "扬州市", "镇江市", "泰州市", "宿迁市")


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str  # text | id_number | phone | select | number | textarea | bank_card
    hint: str = ""
    options: tuple[str, ...] = ()
    required: bool = True
    sensitive: bool = False
    min_value: float | None = None
    max_value: float | None = None
    max_len: int = 200


COMMON: tuple[Question, ...] = (
    Question("name", "申请人的姓名", "text", "请填写身份证上的姓名。", max_len=20),
    Question("id_number", "申请人的身份证号码", "id_number", "18位，最后一位可能是X。我们会加密保存，只显示前4位和后4位。",
             sensitive=True),
    Question("hukou_city", "申请人的户籍在哪个市？", "select", "按户口本上的户籍地选择。",
             options=(*JIANGSU_CITIES, "江苏省外")),
    Question("phone", "联系电话", "phone", "办理进度会通知到这个号码。", sensitive=True),
)

SPECIFIC: dict[str, tuple[Question, ...]] = {
    "MZ-ZLJ-01": (
        Question("bank_card", "尊老金打到哪张银行卡？", "bank_card",
                 "请填写老人本人名下的银行卡号（16到19位数字）。", sensitive=True),
    ),
    "MZ-DB-01": (
        Question("household_size", "家里一共几口人（共同生活的家庭成员）？", "number", "填数字，例如 3。",
                 min_value=1, max_value=20),
        Question("monthly_income", "全家每月总收入大约多少元？", "number",
                 "包括工资、养老金等，填数字，例如 2400。没有收入填 0。", min_value=0, max_value=1_000_000),
        Question("hardship", "请简单说说家里的困难", "textarea", "例如：家人生病、失业、残疾等。", max_len=500),
    ),
    "MZ-CJR-01": (
        Question("disability_cert", "残疾人证号", "text", "残疾人证上的证号。", max_len=24, sensitive=True),
        Question("disability_level", "残疾等级", "select", "按残疾人证填写。",
                 options=("一级", "二级", "三级", "四级")),
        Question("bank_card", "补贴打到哪张银行卡？", "bank_card", "残疾人本人名下的银行卡号（16到19位数字）。",
                 sensitive=True),
    ),
    "MZ-CJR-02": (
        Question("disability_cert", "残疾人证号", "text", "残疾人证上的证号。", max_len=24, sensitive=True),
        Question("disability_level", "残疾等级", "select", "护理补贴一般面向一级、二级残疾人。",
                 options=("一级", "二级", "三级", "四级")),
        Question("bank_card", "补贴打到哪张银行卡？", "bank_card", "残疾人本人名下的银行卡号（16到19位数字）。",
                 sensitive=True),
    ),
}


def questions_for(service_code: str) -> tuple[Question, ...]:
    return COMMON + SPECIFIC.get(service_code, ())


@dataclass
class Checked:
    value: str | None = None
    error: str | None = None
    masked: str | None = None
    extra: dict = field(default_factory=dict)


def check_answer(q: Question, raw: str) -> Checked:
    """Validate one answer; error messages say what to do, in plain Chinese."""
    v = (raw or "").strip()
    if not v:
        return Checked(error=f"请填写“{q.label}”。" if q.required else None, value=None if q.required else "")
    if len(v) > q.max_len:
        return Checked(error=f"内容太长了，请控制在{q.max_len}个字以内。")
    if q.kind == "text" and q.key == "name":
        if not re.fullmatch(r"[\u4e00-\u9fa5·]{2,20}|[A-Za-z][A-Za-z .'-]{1,39}", v):
            return Checked(error="姓名请填写2到20个汉字（少数民族姓名可以用“·”）。")
    if q.kind == "id_number":
        v = v.replace(" ", "").upper()
        if not re.fullmatch(r"\d{17}[\dX]", v):
            return Checked(error="身份证号码应为18位：前17位是数字，最后一位是数字或X。")
        if not id_number_valid(v):
            return Checked(error="身份证号码校验不通过，请对照身份证逐位核对。")
        try:
            born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
        except ValueError:
            return Checked(error="身份证号码里的出生日期不正确，请核对。")
        return Checked(value=v, masked=mask_id_number(v), extra={"birth_date": born.isoformat()})
    if q.kind == "phone":
        d = re.sub(r"[\s-]", "", v)
        if not re.fullmatch(r"1[3-9]\d{9}", d):
            return Checked(error="请输入11位手机号码，例如 13812345678。")
        return Checked(value=d, masked=mask_phone(d))
    if q.kind == "bank_card":
        d = re.sub(r"\s", "", v)
        if not re.fullmatch(r"\d{16,19}", d):
            return Checked(error="银行卡号应为16到19位数字，请核对。")
        return Checked(value=d, masked=d[:4] + "*" * (len(d) - 8) + d[-4:])
    if q.kind == "select" and v not in q.options:
        return Checked(error=f"请从列出的选项中选择“{q.label}”。")
    if q.kind == "number":
        try:
            n = float(v)
        except ValueError:
            return Checked(error="请填写数字，例如 3。")
        if (q.min_value is not None and n < q.min_value) or (q.max_value is not None and n > q.max_value):
            return Checked(error=f"请填写 {q.min_value:g} 到 {q.max_value:g} 之间的数字。")
        return Checked(value=f"{n:g}")
    if q.sensitive:
        return Checked(value=v, masked=v[:2] + "*" * max(0, len(v) - 4) + v[-2:])
    return Checked(value=v)
