"""What a person tells about themselves (or the person they ask for), read and checked once.

Every channel (the 政策计算器 page, ``GET /api/eligibility/preview``, the application check) turns its
input into one :class:`Facts` here, so a bad date or an unknown city gets the same kind Chinese
message everywhere. Nothing here is stored: facts live only as long as the request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.knowledge.places import find_places
from app.knowledge.rules import BOOL_FACTS, DISABILITY_CATEGORIES, GRADE_WORDS, HOUSEHOLD_STATUSES

OUTSIDE = "江苏省外"
NONE = "无"
MAX_AGE = 130

#: What each fact is, in the words the results use to say which facts would decide.
FACT_LABELS: dict[str, str] = {
    "age": "出生日期或年龄",
    "hukou": "户籍所在地",
    "disability": "残疾人证上的残疾类别和等级",
    "household": "是否低保、特困或低保边缘家庭",
    "income_below_dibao": "家庭人均收入是否低于当地低保标准",
    "assets_ok": "家庭财产（房产、车辆、存款等）是否符合当地低保规定",
    "unemployed": "是否无业",
    "no_supporter": "有没有能履行赡养、抚养、扶养义务的人",
    "no_fixed_income": "有没有固定收入",
    "long_term_care": "是否需要长期照护（连续6个月以上）",
    "injury_care_allowance": "是否领取工伤保险生活护理费",
    "hardship": "是否遇到意外事件、突发重病等，基本生活暂时严重困难",
    "high_expense": "生活必需支出是否突然增加、超出承受能力",
    "medical_costs": "医保报销后自付的医疗费用是否仍难以承担",
    "living_alone": "是否独居",
}
#: A yes/no fact said as a statement, when it is true and when it is false.
FACT_SAID: dict[str, tuple[str, str]] = {
    "income_below_dibao": ("家庭人均收入低于当地低保标准", "家庭人均收入不低于当地低保标准"),
    "assets_ok": ("家庭财产符合当地规定", "家庭财产超过当地规定"),
    "unemployed": ("无业", "有工作"),
    "no_supporter": ("没有能履行赡养、抚养、扶养义务的人", "有能履行赡养、抚养、扶养义务的人"),
    "no_fixed_income": ("没有固定收入", "有固定收入"),
    "long_term_care": ("需要长期照护", "不需要长期照护"),
    "injury_care_allowance": ("领取工伤保险生活护理费", "没有领取工伤保险生活护理费"),
    "hardship": ("遇到了突发困难", "没有遇到突发困难"),
    "high_expense": ("必需支出突然增加、超出承受能力", "没有超出承受能力的必需支出"),
    "medical_costs": ("医保报销后的自付医疗费用难以承担", "没有难以承担的医疗费用"),
    "living_alone": ("独居", "不是独居"),
}
assert set(FACT_LABELS) >= set(BOOL_FACTS) and set(FACT_SAID) == set(BOOL_FACTS)

YES = {"是", "有", "对", "yes", "y", "true", "1"}
NO = {"否", "不是", "没有", "无", "no", "n", "false", "0"}
UNKNOWN = {"", "不清楚", "不知道", "unknown"}
CN_GRADES = {w: g for g, w in GRADE_WORDS.items()} | {w[0]: g for g, w in GRADE_WORDS.items()}

#: The query parameters (and form fields) every channel accepts.
PARAMS = ("birth_date", "age", "hukou", "county", "disability", "grade", "household", *BOOL_FACTS)


class FactError(ValueError):
    """Input that cannot be read; the message is for the person, in plain Chinese."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def full_years(born: date, today: date) -> int:
    """Age in full years (周岁): one more on the birthday itself. Someone born on 29 February
    turns a year older on 1 March in a common year (the day after 28 February)."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def birthday(born: date, years: int) -> date:
    """The day ``born`` turns ``years`` (29 February → 1 March in a common year)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def beijing_today() -> date:
    """Ages are counted on the Beijing calendar date, as the office counts them."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@dataclass(frozen=True)
class Facts:
    """What is known; ``None`` always means "not said" (never "no")."""

    today: date
    birth_date: date | None = None
    stated_age: int | None = None
    in_jiangsu: bool | None = None
    hukou_city: str | None = None          # one of CITIES
    hukou_county: str | None = None        # e.g. 扬中市, 昆山市
    has_certificate: bool | None = None    # 残疾人证
    disability_category: str | None = None
    disability_grade: int | None = None
    household: str | None = None           # 低保 / 特困 / 低保边缘 / 无
    flags: dict[str, bool] = field(default_factory=dict)

    @property
    def age(self) -> int | None:
        if self.birth_date is not None:
            return full_years(self.birth_date, self.today)
        return self.stated_age

    def flag(self, name: str) -> bool | None:
        return self.flags.get(name)

    def with_(self, **kw) -> Facts:
        return replace(self, **kw)


def _yes_no(name: str, raw: str) -> bool | None:
    v = raw.strip().lower()
    if v in UNKNOWN:
        return None
    if v in YES:
        return True
    if v in NO:
        return False
    raise FactError(f"“{FACT_LABELS.get(name, name)}”请回答“是”“否”或“不清楚”。", name)


def parse_birth_date(raw: str, today: date) -> date:
    m = re.fullmatch(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*", raw or "")
    if not m:
        raise FactError("出生日期请按“1945-03-01”这样的格式填写（年-月-日）。", "birth_date")
    y, mo, d = (int(x) for x in m.groups())
    try:
        born = date(y, mo, d)
    except ValueError:
        raise FactError(f"{y}年{mo}月没有{d}日，请核对出生日期。", "birth_date") from None
    if born > today:
        raise FactError("出生日期不能晚于今天，请核对。", "birth_date")
    if full_years(born, today) > MAX_AGE:
        raise FactError(f"出生日期早于{MAX_AGE}年前，请核对。", "birth_date")
    return born


def parse_age(raw: str) -> int:
    v = (raw or "").strip().removesuffix("周岁").removesuffix("岁")
    if not v.isdigit() or not 0 <= int(v) <= MAX_AGE:
        raise FactError(f"年龄请填 0 到 {MAX_AGE} 之间的整数（周岁）。", "age")
    return int(v)


def parse_hukou(raw: str, county_raw: str = "") -> tuple[bool | None, str | None, str | None]:
    """(in Jiangsu?, city, county) from place names: 南京, 南京市, 昆山 (→ 苏州市, 昆山市), 省外, 浙江省;
    ``county_raw`` (optional) names the county/district and must lie in that city."""
    text, county_text = (raw or "").strip(), (county_raw or "").strip()
    if not text and not county_text:
        return None, None, None
    if text in ("省外", "外省", OUTSIDE, "外地"):
        return False, None, None
    in_js: bool | None = None
    city = county = None
    if text:
        p = find_places(text)
        if p.city or p.county or p.jiangsu_named:
            in_js, city, county = True, p.city, p.county
        elif p.other:
            return False, None, None
        else:
            raise FactError(f"没有找到“{text}”这个地方。请填江苏的13个设区市之一（如“南京市”），"
                            "或县（市、区）名（如“昆山市”）；户籍在外省的填“省外”。", "hukou")
    if county_text:
        c = find_places(county_text)
        if not c.county and not (c.city and c.city == city):
            raise FactError(f"没有在江苏找到“{county_text}”这个县（市、区），请核对。", "county")
        if c.city and city and c.city != city:
            raise FactError(f"“{county_text}”不属于{city}，请核对户籍所在的县（市、区）。", "county")
        in_js, city, county = True, city or c.city, c.county or county
    return in_js, city, county


def parse_disability(category: str, grade: str) -> tuple[bool | None, str | None, int | None]:
    c = (category or "").strip().removesuffix("残疾")
    g_raw = (grade or "").strip().removesuffix("残疾")
    g: int | None = None
    if g_raw and g_raw.lower() not in UNKNOWN:
        key = g_raw.removesuffix("级") if g_raw.endswith("级") and g_raw[:-1].isdigit() else g_raw
        g = int(key) if key.isdigit() else CN_GRADES.get(key)
        if g not in GRADE_WORDS:
            raise FactError("残疾等级请填一级、二级、三级或四级（也可以填 1 到 4）。", "grade")
    if c in ("无", "没有", "否", "no", "none"):
        if g is not None:
            raise FactError("填了残疾等级，就请同时填残疾类别（视力、听力、言语、肢体、智力、精神或多重）。", "disability")
        return False, None, None
    if not c or c.lower() in UNKNOWN:
        return (True if g is not None else None), None, g
    if c in ("是", "有"):
        return True, None, g
    if c not in DISABILITY_CATEGORIES:
        raise FactError("残疾类别请填视力、听力、言语、肢体、智力、精神、多重之一；没有残疾人证的填“无”。", "disability")
    return True, c, g


def parse_household(raw: str) -> str | None:
    v = (raw or "").strip().removesuffix("家庭").removesuffix("户").removesuffix("人员")
    if not v or v.lower() in UNKNOWN:
        return None
    v = {"五保": "特困", "特困供养": "特困", "最低生活保障": "低保", "都不是": NONE, "不是": NONE, "没有": NONE,
         "否": NONE}.get(v, v)
    if v not in (*HOUSEHOLD_STATUSES, NONE):
        raise FactError("家庭情况请填低保、特困、低保边缘，或“无”（都不是）。", "household")
    return v


def parse_facts(params: Mapping[str, str], today: date | None = None) -> Facts:
    """Read facts from query parameters / form fields; raise :class:`FactError` on the first bad one."""
    today = today or beijing_today()
    unknown = [k for k in params if k not in PARAMS]
    if unknown:
        raise FactError(f"不认识的参数：{'、'.join(sorted(unknown))}。可以用的有：{'、'.join(PARAMS)}。", unknown[0])
    get = lambda k: str(params.get(k, "") or "")[:80]  # noqa: E731 - a short reader
    born = parse_birth_date(get("birth_date"), today) if get("birth_date").strip() else None
    age = parse_age(get("age")) if get("age").strip() else None
    if born is not None and age is not None and full_years(born, today) != age:
        raise FactError(f"出生日期算出来是{full_years(born, today)}周岁，和填的年龄{age}岁不一致，请核对。", "age")
    in_js, city, county = parse_hukou(get("hukou"), get("county"))
    has_cert, cat, grade = parse_disability(get("disability"), get("grade"))
    flags = {}
    for name in BOOL_FACTS:
        v = _yes_no(name, get(name))
        if v is not None:
            flags[name] = v
    return Facts(today=today, birth_date=born, stated_age=age, in_jiangsu=in_js, hukou_city=city,
                 hukou_county=county, has_certificate=has_cert, disability_category=cat,
                 disability_grade=grade, household=parse_household(get("household")), flags=flags)

