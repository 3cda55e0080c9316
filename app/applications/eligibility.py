"""Eligibility checks before applying (尊老金, 低保, 残疾人两项补贴).

A few plain questions, then a result that says whether and why, what to prepare (the
materials come from the knowledge base item, never copied here) and what to do if not.
The rules restate the items' conditions in the knowledge base; where cities differ the
result says so. The result is guidance, never a decision: the 审核 decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from app.core.config import hotline_number
from app.eligibility import beijing_today, full_years, material_line  # noqa: F401 (re-exported)
from app.knowledge.loader import KnowledgeBase

Verdict = Literal["yes", "maybe", "no"]


@dataclass(frozen=True)
class EQuestion:
    key: str
    label: str
    options: tuple[str, ...]


@dataclass
class EResult:
    verdict: Verdict
    headline: str
    reasons: list[str]
    next_steps: list[str] = field(default_factory=list)
    apply_code: str | None = None           # service to apply for, when it makes sense
    related_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Check:
    service_code: str
    title: str
    questions: tuple[EQuestion, ...]
    rule: Callable[[dict[str, str]], EResult]


YES_NO = ("是", "否")


ZLJ = "MZ-ZLJ-01"


def default_kb() -> KnowledgeBase:
    """The process's knowledge base (the one search and the pages use)."""
    from app.search.engine import get_engine

    return get_engine().kb


@dataclass(frozen=True)
class ZljAges:
    """尊老金's ages, read from the eligibility rules and the cities' facts (never written here)."""

    provincial: int                 # 80: the rule's age_at_least (KB condition text)
    earliest: int                   # 79: the lowest city start age (镇江's LocalFact.start_age)
    early_cities: tuple[str, ...]   # cities paying before the provincial age
    age_text: str                   # the KB condition the age rule cites
    hukou_text: str                 # the KB condition the 户籍 rule cites


def zlj_ages(kb: KnowledgeBase | None = None) -> ZljAges:
    from app.eligibility import provincial_age, start_ages
    from app.knowledge.rules import cited_texts, rules_for

    kb = kb or default_kb()
    provincial = provincial_age(kb, ZLJ)
    early = start_ages(kb.services[ZLJ], provincial)
    rule = rules_for(kb)[ZLJ]
    text = {c.test: "；".join(t for _c, _i, t in cited_texts(kb, ZLJ, c)) for c in rule.requires}
    return ZljAges(provincial, min([provincial, *early.values()]), tuple(early),
                   text["age_at_least"], text["hukou_jiangsu"])


def zlj_age_band(age: int) -> str:
    """An exact age → the 测一测 question's option (不到79周岁 / 79周岁 / 80—99周岁 / 100周岁及以上),
    with the ages from the rules; the assistant's free answers can use this instead of its own."""
    z = zlj_ages()
    if age < z.earliest:
        return f"不到{z.earliest}周岁"
    if age < z.provincial:
        return f"{z.earliest}周岁"
    return "100周岁及以上" if age >= 100 else f"{z.provincial}—99周岁"


def _short(city: str) -> str:
    return city[:-1] if city.endswith("市") else city


def zlj_result(*, in_jiangsu: bool, age: int | None, age_band: str | None = None,
               city: str | None = None) -> EResult:
    """The one 尊老金 rule, for 测一测 (an age band chosen) and for an application (an exact age
    from the ID number, and the 户籍 city). Both channels call this, so they never disagree; the
    ages come from the KB's rules (``app/knowledge/data/rules``) and the cities' start ages."""
    z = zlj_ages()
    if not in_jiangsu:
        return EResult("no", "不符合尊老金的领取条件",
                       [f"江苏的尊老金发给{z.hukou_text.removeprefix('具有')}的老年人。"],
                       ["户籍在外省的，可以向户籍所在地民政部门咨询当地的高龄津贴政策。"])
    young, early_band = f"不到{z.earliest}周岁", f"{z.earliest}周岁"
    band = age_band
    if band is None and age is not None:
        band = zlj_age_band(age)
    early_names = "、".join(_short(c) for c in z.early_cities)
    if band == young:
        said = f"按身份证上的出生日期，老人现在{age}周岁。" if age is not None else ""
        return EResult("no", "现在还不能领取",
                       [said + f"尊老金从{z.age_text}。"],
                       [f"到了年龄再来申请；南京等地可在老人满{z.provincial}周岁的前一个月到社区登记。"])
    if band == early_band and z.earliest < z.provincial:
        if city in z.early_cities:
            return EResult("maybe", f"{early_names}等地{z.earliest}周岁可以领取",
                           [z.age_text + "。"],
                           ["可以现在申请，最终以审核为准。"], apply_code=ZLJ)
        return EResult("maybe", f"看户籍所在地：{early_names}等地可以领取",
                       [f"多数地方从{z.age_text}。"],
                       [f"户籍在{early_names}的，可以现在申请；其他地方请到满{z.provincial}周岁再申请"
                        f"（南京等地可在满{z.provincial}周岁的前一个月登记）。"],
                       apply_code=ZLJ)
    reasons = [f"{z.hukou_text}、年满{z.provincial}周岁的老年人可以领取尊老金。"]
    if band == "100周岁及以上":
        reasons.append("100周岁及以上每人每月不低于300元，由省财政负担。")
    else:
        reasons.append("80—99周岁的标准由各市、县（市、区）确定，以当地公布为准。")
    return EResult("yes", "符合尊老金的领取条件", reasons,
                   ["苏州等地免申请自动发放；其他地方可以在线申请，或到户籍地社区（村）办理。"],
                   apply_code=ZLJ)


def _zlj(a: dict[str, str]) -> EResult:
    return zlj_result(in_jiangsu=a["hukou"] != "否", age=None, age_band=a["age"])


def _db(a: dict[str, str]) -> EResult:
    related = ["MZ-DB-02", "MZ-LSJZ-01", "MZ-YLJZ-01"]
    if a["income"] == "高于当地低保标准":
        return EResult("no", "按您的回答，一般不符合低保条件",
                       ["低保要求共同生活的家庭成员人均收入低于当地低保标准。"],
                       ["收入略高于标准、家里有重病重残的，可以问问低保边缘家庭认定；",
                        "遇到突发困难的，可以申请临时救助；看病负担重的，可以申请医疗救助。"],
                       related_codes=related)
    if a["assets"] == "有，超过当地规定":
        return EResult("no", "按您的回答，一般不符合低保条件",
                       ["家庭财产（房产、车辆、存款等）需要符合当地低保家庭财产规定。"],
                       ["具体财产标准各地不同，以当地公布为准，可以到户籍地乡镇（街道）咨询。"],
                       related_codes=related)
    reasons = ["低保以家庭为单位申请，看共同生活家庭成员的人均收入和家庭财产。"]
    if a["income"] == "不清楚" or a["assets"] == "不清楚":
        reasons.append("收入或财产情况还不确定，申请后会做家庭经济状况核对。")
    if a["illness"] == "是":
        reasons.append("家里有重病、重度残疾的成员，还可以了解“单人保”（参照单人户纳入低保）。")
    return EResult("maybe", "可能符合低保条件，最终以审核为准", reasons,
                   ["各地低保标准不同，以当地公布为准。", "如实申报收入和财产，并签署家庭经济状况核对授权书。"],
                   apply_code="MZ-DB-01", related_codes=["MZ-DB-02"])


def _cjr(a: dict[str, str]) -> EResult:
    if a["certificate"] == "否":
        return EResult("no", "需要先办理残疾人证",
                       ["两项补贴要看残疾人证上的残疾类别和等级。"],
                       ["先到户籍地县级残联申请办证、评定等级，拿到证后再申请补贴。"])
    if a["tekun"] == "是":
        return EResult("no", "已纳入特困供养的，不再享受两项补贴",
                       ["特困人员救助供养已经包含基本生活保障，按规定不重复享受两项补贴。"],
                       [f"对认定有疑问的，可以到户籍地乡镇（街道）咨询，或拨打{hotline_number()}。"])
    reasons, codes = [], []
    if a["dibao"] == "是":
        reasons.append("低保家庭中的残疾人，可以申请困难残疾人生活补贴。")
        codes.append("MZ-CJR-01")
    if a["level"] in ("一级", "二级"):
        reasons.append("残疾等级为一级、二级，需要长期照护（连续6个月以上）的，可以申请重度残疾人护理补贴。")
        codes.append("MZ-CJR-02")
    if not codes:
        return EResult("maybe", "要看当地是否扩大了范围",
                       ["生活补贴一般面向低保家庭中的残疾人；护理补贴一般面向一级、二级残疾人。",
                        "江苏对部分无固定收入的重度残疾人、一户多残等困难家庭扩大了范围；非重度智力、精神残疾人是否纳入护理补贴，以当地公布为准。"],
                       ["到户籍地乡镇（街道）或残联问清楚当地的范围。"], related_codes=["MZ-CJR-01", "MZ-CJR-02"])
    return EResult("yes", "可以申请" + "和".join("生活补贴" if c == "MZ-CJR-01" else "护理补贴" for c in codes),
                   reasons, ["两项补贴符合条件的可以同时申请；领工伤保险生活护理费的不享受护理补贴。"],
                   apply_code=codes[0], related_codes=codes[1:])


CHECKS: dict[str, Check] = {
    "MZ-ZLJ-01": Check("MZ-ZLJ-01", "尊老金", (
        EQuestion("hukou", "老人的户口在江苏吗？", YES_NO),
        EQuestion("age", "老人今年多大年纪？", ("不到79周岁", "79周岁", "80—99周岁", "100周岁及以上")),
    ), _zlj),
    "MZ-DB-01": Check("MZ-DB-01", "低保", (
        EQuestion("income", "全家每人每月的平均收入，和当地低保标准比怎么样？", ("低于当地低保标准", "高于当地低保标准", "不清楚")),
        EQuestion("assets", "家里的房产、车辆、存款，有没有超过当地规定？", ("没有", "有，超过当地规定", "不清楚")),
        EQuestion("illness", "家里有没有重病或者重度残疾的人？", YES_NO),
    ), _db),
    "MZ-CJR-01": Check("MZ-CJR-01", "残疾人两项补贴", (
        EQuestion("certificate", "有残疾人证吗？", YES_NO),
        EQuestion("level", "残疾等级是几级？", ("一级", "二级", "三级", "四级", "还没有评定")),
        EQuestion("dibao", "是低保家庭吗？", YES_NO),
        EQuestion("tekun", "已经纳入特困人员救助供养（五保）了吗？", YES_NO),
    ), _cjr),
}
CHECKS["MZ-CJR-02"] = CHECKS["MZ-CJR-01"]


def evaluate(code: str, answers: dict[str, str]) -> EResult:
    check = CHECKS[code]
    for q in check.questions:
        if answers.get(q.key) not in q.options:
            raise ValueError(f"请回答：{q.label}")
    return check.rule(answers)


def materials_for(kb: KnowledgeBase, code: str) -> list[str]:
    return [material_line(m) for m in kb.services[code].materials]


@dataclass
class ApplicationCheck:
    """What the application's own answers say about eligibility, before submit.

    ``stop``: the rule is certain (too young for any city, 户籍 outside Jiangsu) — submitting would
    only be refused later. Otherwise a warning the person reads and may still submit past.
    """

    stop: bool
    result: EResult


def check_application(code: str, answers: dict, today: date | None = None) -> ApplicationCheck | None:
    """The same rules as 测一测, applied to what the application form holds (None: nothing to say)."""
    today = today or beijing_today()
    if code == ZLJ:
        raw_birth, city = answers.get("_birth_date"), answers.get("hukou_city")
        if not raw_birth and not city:
            return None
        age = full_years(date.fromisoformat(raw_birth), today) if raw_birth else None
        in_js = city != "江苏省外"
        if age is None and in_js:
            return None
        r = zlj_result(in_jiangsu=in_js, age=age if age is not None else zlj_ages().provincial, city=city)
        if r.verdict == "yes":
            return None
        return ApplicationCheck(stop=r.verdict == "no", result=r)
    if code == "MZ-CJR-02" and answers.get("disability_level") in ("三级", "四级"):
        return ApplicationCheck(False, EResult(
            "maybe", "护理补贴一般面向一级、二级残疾人",
            ["非重度智力、精神残疾人等是否纳入护理补贴，以当地公布为准。"],
            ["可以先问户籍地乡镇（街道）或残联；也可以提交，由审核决定。"]))
    return None
