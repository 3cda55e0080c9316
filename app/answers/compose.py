"""The words of an answer: the point asked, in a few plain sentences an 80-year-old can read.

Guide elements are composed here from the item's fields (and its ``LocalFact`` for the reader's
city) with the same helpers as the guide page's short answer (``app.knowledge.brief``), so the
answer, the guide and the kiosk cannot disagree. The Chinese sentences that are not KB content
(是否、问谁) live in ``WORDS`` so a channel could restyle them; nothing here is a figure.
"""

from __future__ import annotations

import re

from app.answers.question import Question
from app.knowledge.brief import (
    UNKNOWN_LOCAL,
    _clauses,
    _first_clause,
    _is_automatic,
    city_clauses,
    how_much,
    local_fact,
    online_note,
    short_city,
    time_text,
    who_can,
)
from app.knowledge.schema import CITIES, ServiceItem

NOT_PUBLIC = "未找到"
WORDS = {
    "not_in_kb": "知识库里没有{what}的公开规定。",
    "not_in_kb_plan": "哪里、什么时候建成或开放，由当地安排，知识库里没有{place}的具体安排。",
    "qualifier_lead": "您说的情况：",
    "ask": "可以问{office}，或拨打 {hotline}，也可以转人工客服。",
    "other_region": "您问的是{region}的情况。本知识库只收录江苏省的政策，{region}的具体规定请问当地民政部门，或拨打当地的 {hotline} 热线。",
    "jiangsu_ref": "江苏的做法供参考：",
    "other_region_ref": "您问的是{region}的情况。各地规定不同，本知识库只收录江苏省的政策。",
    "other_region_tail": "{region}的具体规定以当地公布为准，请问当地民政部门，或拨打当地的 {hotline} 热线。",
    "national": "您问的是{region}的情况。这一点是全国统一的规定，{region}同样适用：",
    "national_local": "具体标准和办理窗口以{region}当地民政部门公布为准，也可以拨打当地的 {hotline} 热线。",
    "not_in_kb_q": "这个问题知识库里没有找到确切的答复。",
    "maybe": "可能相关的事项是“{name}”，可以打开看看。",
    "no_service": "这个问题我没能确定您问的是哪项民政业务。",
    "age_below": "{who}现在{age}岁，还没到{start}周岁，按年龄暂时不能领。",
    "age_ok": "{who}{age}岁，已满{start}周岁，年龄这一条符合。",
}
FACET_WHAT = {
    "amount": "标准和金额", "time": "办理时限", "materials": "所需材料", "conditions": "申请条件", "how": "办理方法",
    "where": "办理地点", "phone": "咨询电话", "fee": "收费", "online": "网上办理", "hours": "办公时间和预约",
    "automatic": "是否免申请", "what": "政策内容", "payment": "发放方式", "complaint": "投诉处理", "count": "数量统计",
    "plan": "当地何时建成、开放的安排", "exclusion": "不予办理的情形", "general": "这个问题",
}
FACET_LABEL = {
    "amount": "领多少", "time": "多久", "materials": "带什么", "conditions": "谁能办", "how": "怎么办",
    "where": "在哪办", "phone": "问谁", "fee": "收费", "online": "网上办", "hours": "时间", "automatic": "要不要申请",
    "what": "是什么", "payment": "怎么发", "complaint": "怎么反映", "count": "有多少", "plan": "何时有",
    "exclusion": "哪些情况不行", "general": "答复",
}


def _end(s: str) -> str:
    s = s.strip()
    return s if not s or s[-1] in "。！？" else s + "。"


#: "营利性：服务场所所在地县级民政部门" — a clause that starts with a short label for one case.
_LABELLED = re.compile(r"^([^：:，,（(]{1,6})[：:](.+)$")
_OFFICE_END = re.compile(r"(部门|民政局|局|处|中心|窗口|委会|政府|机关|社区|街道|乡镇|站|所)$")


def office_of(svc: ServiceItem, city: str | None) -> str:
    """The office to name in a sentence ("可以问…", "要到…办理"). A ``where`` written as labelled
    cases ("营利性：…；非营利性：…") is turned into the offices joined by 或, so a sentence never
    reads "可以问营利性：…"; remarks in brackets stay in the guide."""
    lf = local_fact(svc, city)
    if lf and lf.where:
        return lf.where
    first = _first_clause(svc.where)
    if not _LABELLED.match(first):
        return first
    offices: list[str] = []
    for clause in _clauses(svc.where):
        m = _LABELLED.match(clause)
        office = re.sub(r"[（(][^）)]*[）)]", "", m.group(2) if m else clause).strip()
        office = re.sub(r"(批准|审批|负责|办理|受理)$", "", re.sub(r"^由", "", office))
        # only a place a person can go to or call; "…征求民政部门意见后" is a procedure, not an office
        if _OFFICE_END.search(office) and office not in offices:
            offices.append(office)
    return "或".join(offices[:3]) or "当地民政部门"


def phone_of(svc: ServiceItem, city: str | None, hotline: str) -> str:
    lf = local_fact(svc, city)
    if lf and lf.phone:
        return f"{lf.phone}，或拨打 {hotline}"
    return f"拨打 {hotline}（政务服务便民热线）" if svc.phone.startswith(hotline) else f"{_first_clause(svc.phone)}，或拨打 {hotline}"


def ask_whom(svc: ServiceItem | None, city: str | None, hotline: str) -> str:
    office = office_of(svc, city) if svc else "当地民政部门"
    return WORDS["ask"].format(office=office, hotline=hotline)


def _age_note(svc: ServiceItem, q: Question, city: str | None) -> str:
    """Only for items with an age threshold in their conditions (尊老金): say where the person stands."""
    if q.age is None:
        return ""
    lf = local_fact(svc, city)
    start = lf.start_age if lf and lf.start_age else None
    if start is None:
        m = re.search(r"年满(\d+)周岁", "".join(svc.conditions))
        if not m:
            return ""
        start = int(m.group(1))
        for c in svc.conditions:
            for cl in _clauses(c):
                m2 = re.search(r"自(\d+)周岁起", cl)
                if m2 and city and short_city(city) in cl:
                    start = int(m2.group(1))
    who = {"母亲": "您母亲", "父亲": "您父亲", "本人": "您"}.get(q.for_whom or "", "老人")
    key = "age_below" if q.age < start else "age_ok"
    return WORDS[key].format(who=who, age=q.age, start=start)


def amount_rule(amounts: str, city: str | None) -> str:
    """The province-wide part of an amounts paragraph (the clauses before the first city is named),
    one city's example marked as an example, and 以当地公布为准."""
    head: list[str] = []
    example: list[str] = []
    for c in _clauses(amounts):
        body = c.split("：", 1)[1] if "：" in c and "举例" in c.split("：", 1)[0] else c
        if example or any(short_city(x) in body for x in CITIES):
            if sum(len(e) for e in example) + len(body) > 110:
                break
            example.append(body)
            continue
        head.append(c)
    rule = "；".join(h for h in head if "举例" not in h) or _first_clause(amounts)
    text = _end(rule)
    if example:
        text += f"举个例子：{_end('；'.join(example))}"
    if UNKNOWN_LOCAL not in text:
        text += f"各地标准不同，{UNKNOWN_LOCAL}。"
    if city:
        text += f"{short_city(city)}的具体标准知识库里没有，请问当地民政部门。"
    return text


#: A clause of the first step that gives another way to apply (线下…, 也可以…): said with the first,
#: so an elder who cannot use the app also hears where to go.
_OTHER_ROUTE = re.compile(r"^(线下|也可以?|或者?|不会用|不方便)")


def _step_text(detail: str, first: bool) -> str:
    """A step as the how answer says it: its first clause; for the first step also the clauses that
    give another way to apply, unless they speak of one city only."""
    out = [_first_clause(detail)]
    if first:
        out += [c for c in _clauses(detail)[1:] if _OTHER_ROUTE.match(c) and not any(short_city(x) in c for x in CITIES)]
    return "；".join(out)


#: A sentence of an item's conditions that says who does not get it (已纳入特困…不享受).
_EXCLUDES = re.compile(r"不享受|不予|不属于|不得|不再|除外|不能(领|享受|申请)")


def exclusion_text(svc: ServiceItem) -> str:
    """Who does not get the item, from its conditions and notes; '' when the KB says nothing."""
    found = [c for chunk in (*svc.conditions, svc.local_note or "") for c in _clauses(chunk) if _EXCLUDES.search(c)]
    return ("这些情况不能办：" + "；".join(dict.fromkeys(found)) + "。") if found else ""


def guide_text(svc: ServiceItem, facet: str, q: Question, city: str | None, hotline: str) -> tuple[str, bool, bool]:
    """(text, value missing?, city-specific?) for one element of the guide."""
    lf = local_fact(svc, city)
    name = svc.name
    if facet == "amount":
        if not svc.amounts and not (lf and lf.amount):
            return "", True, False
        text, local = how_much(svc, city, lf)
        if not local:
            text = amount_rule(svc.amounts or "", city)
        missing = NOT_PUBLIC in text and len(text) < 90
        return _end(text), missing, local
    if facet == "conditions":
        parts = [who_can(svc, lf, city)]
        extra = [_first_clause(c) for c in svc.conditions[2:5]]
        if extra:
            parts.append("另外：" + "；".join(extra) + "。")
        note = _age_note(svc, q, city)
        return (note + "".join(parts)) if note else "".join(parts), False, bool(note and city)
    if facet == "materials":
        req = [m.name for m in svc.materials if m.required]
        opt = [f"{m.name}（{_first_clause(m.note)}）" if m.note else m.name for m in svc.materials if not m.required]
        text = "要带：" + "、".join(req) + "。"
        if opt:
            text += "有的情况还要：" + "；".join(opt[:3]) + "。"
        on = online_note(list(svc.materials))
        return text + (on or ""), False, False
    if facet in ("how", "automatic"):
        if _is_automatic(svc, city, lf):
            return f"{short_city(city)}不用申请，符合条件的自动发放。有疑问可以问{office_of(svc, city)}。", False, True
        if lf and lf.how_to_apply:
            return _end(lf.how_to_apply), False, True
        mine = [c for c in city_clauses(svc.local_note, city) if "申" in c]
        steps = "；".join(f"{i + 1}. {s.name}：{_step_text(s.detail, i == 0)}" for i, s in enumerate(svc.steps[:4]))
        lead = ("；".join(mine) + "。") if mine else ""
        if facet == "automatic" and not mine:
            lead = "需要申请（知识库没有这里免申即享的记录）。"
        return lead + steps + "。", False, bool(mine)
    if facet == "time":
        text = time_text(svc, city)
        missing = NOT_PUBLIC in svc.time_limit.promised and NOT_PUBLIC in svc.time_limit.legal
        if missing:
            return WORDS["not_in_kb"].format(what=f"{name}办理时限") + ask_whom(svc, city, hotline), True, False
        return _end(f"{name}：{text}"), False, False
    if facet == "where":
        text = office_of(svc, city)
        if text.startswith(("到", "向")):
            said = text
        elif any(ch in text for ch in "，；。") or text.startswith(("电话", "拨打", "打")):
            # a place with conditions (非福利机构抚养的，在…) or a call, not a plain office: "到…办理" would garble it
            said = "办理地点：" + text
        else:
            said = f"到{text}办理"
        return _end(said), False, bool(lf and lf.where)
    if facet == "phone":
        if not (lf and lf.phone) and svc.phone.startswith(hotline):
            # no office number in the KB: name the office to ask in person too, not only the hotline
            return _end(f"可以直接问{office_of(svc, city)}，或拨打 {hotline}（政务服务便民热线）"), False, False
        return _end("咨询电话：" + phone_of(svc, city, hotline)), False, bool(lf and lf.phone)
    if facet == "fee":
        return _end(f"收费：{svc.fee}"), NOT_PUBLIC in svc.fee, False
    if facet == "online":
        ch = svc.channels
        if ch.online:
            entry = ch.online_entry or "江苏政务服务网"
            return f"可以网上办：{entry}。也可以到{office_of(svc, city)}办理。", False, False
        if ch.online_entry:
            # not done online, but booked online (婚姻登记): say both, not "no online channel"
            entry = ch.online_entry.removeprefix("网上预约：")
            return f"这项不能在网上办完，要到{office_of(svc, city)}办理；可以先在网上预约：{entry}。", False, False
        return f"这项没有找到网上办理渠道，要到{office_of(svc, city)}办理。", False, False
    if facet == "payment":
        bits = []
        if lf and lf.payment:
            bits.append(lf.payment)
        bits += [c for c in city_clauses(svc.local_note, city) if "发" in c]
        pay_steps = [s.detail for s in svc.steps if "发放" in s.name or "发放" in s.detail[:12]]
        if not bits and pay_steps:
            bits.append(pay_steps[0])
        if not bits:
            return WORDS["not_in_kb"].format(what="发放时间和方式") + ask_whom(svc, city, hotline), True, False
        return _end("；".join(bits)), False, bool(lf and lf.payment)
    if facet == "hours":
        if lf and lf.hours:
            return _end(f"{short_city(lf.city)}：{lf.hours}"), False, True
        where = f"{short_city(city)}" if city else "各地"
        return (WORDS["not_in_kb"].format(what=f"{where}{name}的办公时间、节假日安排") +
                ask_whom(svc, city, hotline)), True, False
    if facet == "what":
        return _end(svc.summary), False, False
    if facet == "complaint":
        office = lf.where if lf and lf.where else "当地民政部门"
        short = re.split(r"[（(]", name)[0]
        return f"对{short}有疑问或要反映问题，可以向{office}反映，或拨打 {hotline}。", False, False
    return _end(svc.summary), False, False


def city_suffix(text: str, city: str | None, local: bool) -> str:
    """Say 以当地公布为准 once when a provincial rule stands in for a city's figure."""
    if local or UNKNOWN_LOCAL in text or "为准" in text:
        return text
    return text
