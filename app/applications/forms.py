"""What an online application asks, one question per page (GOV.UK pattern).

Questions, validation and the Chinese error messages live here; the web pages only render
them. Service-specific questions come after the common ones; a service without its own list
uses the common questions only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date

from app.core.identifiers import compact_number, normalize_id_number, normalize_phone_digits, to_ascii
from app.core.privacy import id_number_valid, mask_id_number, mask_phone
from app.knowledge.schema import CITIES

JIANGSU_CITIES = CITIES


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
    whose: str = ""  # whose details this question wants, said above the question


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


#: Who the application is *for* (whose name, ID and 户籍 the common questions want). Why: a daughter
#: filling in 尊老金 for her mother must not type her own details.
SUBJECT: dict[str, str] = {
    "MZ-ZLJ-01": "老人本人",
    "MZ-CJR-01": "残疾人本人",
    "MZ-CJR-02": "残疾人本人",
    "MZ-DB-01": "申请低保的家庭的户主（申请人）",
}
_CONTACT_WHOSE = "填一个能接通的电话：本人的或家人的都可以。"


def _whose(q: Question, subject: str) -> str:
    if q.key == "phone":
        return _CONTACT_WHOSE
    if q.key == "bank_card":
        return f"请填{subject}名下的银行卡。"
    if q.key in ("name", "id_number", "hukou_city", "disability_cert", "disability_level"):
        return f"这一步填{subject}的信息（帮家人填写的，不要填自己的）。"
    return ""


def questions_for(service_code: str) -> tuple[Question, ...]:
    subject = SUBJECT.get(service_code, "申请人本人")
    return tuple(replace(q, whose=_whose(q, subject)) for q in COMMON + SPECIFIC.get(service_code, ()))


@dataclass
class Checked:
    value: str | None = None
    error: str | None = None
    masked: str | None = None
    extra: dict = field(default_factory=dict)


#: Anything longer than this is refused before it is normalised or matched (no work on huge input).
MAX_RAW_CHARS = 2_000
#: Words a browser or a script sends for "nothing": never a person's answer.
_NOTHING_WORDS = {"none", "null", "undefined", "nan"}
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")
_MOBILE = re.compile(r"1[3-9]\d{9}")
WRONG_TYPE = "没有收到您填写的内容，请重新填写后再点“保存并继续”。"


def _as_text(q: Question, raw: object) -> tuple[str | None, str | None]:
    """(text, error): what the browser sent, as text, judged by its type first.

    Why: a form value arrives as JSON from the page. ``None``/missing is an empty answer (never the
    word "None"); numbers are accepted as their digits; lists, objects and booleans are not answers.
    """
    if raw is None:
        return "", None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return None, WRONG_TYPE
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None, WRONG_TYPE
        raw = f"{raw:g}" if raw != int(raw) else str(int(raw))
    text = str(raw)
    if len(text) > MAX_RAW_CHARS:
        return None, f"内容太长了，请控制在{q.max_len}个字以内。"
    if q.kind == "textarea":
        # Keep Chinese punctuation as typed (NFKC would turn "，" into ","); drop invisible characters.
        text = re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", text).strip()
    else:
        text = to_ascii(text)
    return text, None


def phone_shape_ok(digits: str) -> bool:
    """A mobile (11 digits) or a landline with its area code (025-83201234)."""
    return bool(_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits))


def mask_contact_phone(digits: str) -> str:
    """Mobile 138****5678; landline 025****1234 (area code and last four)."""
    if _MOBILE.fullmatch(digits):
        return mask_phone(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def check_answer(q: Question, raw: object) -> Checked:
    """Validate one answer as what it is; error messages say what to do, in plain Chinese.

    ``raw`` is whatever the browser sent (it is not trusted to be a string). Identifiers are
    normalised first (full-width digits, spaces, dashes) so one number is always spelled one way.
    """
    v, err = _as_text(q, raw)
    if err:
        return Checked(error=err)
    if not v or v.lower() in _NOTHING_WORDS:
        return Checked(error=f"请填写“{q.label}”。" if q.required else None, value=None if q.required else "")
    if q.kind == "id_number":
        v = normalize_id_number(v)
        if not re.fullmatch(r"\d{17}[\dX]", v):
            return Checked(error="身份证号码应为18位：前17位是数字，最后一位是数字或X。")
        if not id_number_valid(v):
            return Checked(error="身份证号码校验不通过，请对照身份证逐位核对。")
        try:
            born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
        except ValueError:
            return Checked(error="身份证号码里的出生日期不正确，请核对。")
        if born.year < 1880 or born > date.today():
            return Checked(error="身份证号码里的出生日期不正确，请核对。")
        return Checked(value=v, masked=mask_id_number(v), extra={"birth_date": born.isoformat()})
    if q.kind == "phone":
        d = normalize_phone_digits(v)
        if not phone_shape_ok(d):
            return Checked(error="请输入11位手机号码（例如 13812345678），或带区号的固定电话（例如 025-83201234）。")
        return Checked(value=d, masked=mask_contact_phone(d))
    if q.kind == "bank_card":
        d = compact_number(v)
        if not re.fullmatch(r"\d{16,19}", d):
            return Checked(error="银行卡号应为16到19位数字，请核对。")
        return Checked(value=d, masked=d[:4] + "*" * (len(d) - 8) + d[-4:])
    if len(v) > q.max_len:
        return Checked(error=f"内容太长了，请控制在{q.max_len}个字以内。")
    if q.kind == "text" and q.key == "name":
        if not re.fullmatch(r"[\u4e00-\u9fa5·]{2,20}|[A-Za-z][A-Za-z .'-]{1,39}", v):
            return Checked(error="姓名请填写2到20个汉字（少数民族姓名可以用“·”）。")
    if q.kind == "select" and v not in q.options:
        return Checked(error=f"请从列出的选项中选择“{q.label}”。")
    if q.kind == "number":
        if not re.fullmatch(r"\d+(\.\d+)?", v.replace(",", "")):
            return Checked(error="请填写数字，例如 3。")
        n = float(v.replace(",", ""))
        if (q.min_value is not None and n < q.min_value) or (q.max_value is not None and n > q.max_value):
            return Checked(error=f"请填写 {q.min_value:g} 到 {q.max_value:g} 之间的数字。")
        return Checked(value=f"{n:g}")
    if q.sensitive:
        v = compact_number(v).upper() if q.key == "disability_cert" else v
        return Checked(value=v, masked=v[:2] + "*" * max(0, len(v) - 4) + v[-2:])
    return Checked(value=v)
