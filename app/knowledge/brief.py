"""The short answer at the top of a service guide: who can get it, how much, where, what to bring.

Derived from the item's own elements (and its ``LocalFact`` for a chosen city), never written a
second time, so the short answer cannot disagree with the details below it. Plain data, no Reflex:
the web guide, the kiosk and read-aloud all present the same :class:`Brief`.

Why a derivation and not an authored summary per item: an 80-year-old reader (DESIGN.md, "Content
design") needs the four facts first; the KB already holds them, spread over fields that mix the
provincial rule with city-by-city exceptions. Here the provincial rule is kept, the exceptions are
cut to the reader's city when one is chosen, and "未找到公开规定" becomes whom to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.config import hotline_number
from app.knowledge.schema import CITIES, LocalFact, Material, ServiceItem, Source

#: Sources a citizen may follow: the issuer's own publication or the text of the law. Reposts,
#: mirrors and third-party pages stay in the KB for the people who maintain it.
CITIZEN_SOURCE_KINDS = ("official", "law")
NOT_PUBLIC = "未找到"
UNKNOWN_LOCAL = "以当地公布为准"
#: This site's own online application, and why it is the one we point to when an item is online.
SITE_CHANNEL_WHY = "一步一问、每步自动保存，可以帮家人办，进度在“我的办件”里看"


def short_city(city: str) -> str:
    """'南京市' → '南京' (how the KB's prose names cities)."""
    return city[:-1] if city.endswith("市") else city


#: A clause that opens a list ("包括：", "是指：", "分为："): the parts after it are its items.
_LIST_INTRO = re.compile(r"(包括|包含|分为|是指|指的是|以下|如下)[^：:]{0,6}[：:]")


def _clauses(text: str | None) -> list[str]:
    """Split KB prose into clauses at 。 and ；, keeping the text of each.

    A list opened by 包括：/是指：/分为： ("家庭成员包括：配偶；未成年子女；…") stays one clause: its items
    are separated by ； too, and cutting after the first item would tell a reader that the list
    holds only 配偶. Parts that each carry their own colon ("营利性：…；非营利性：…") or name a city
    ("各地举例：南京…；南通…") are cases, not items, and are still split: the city's own case is
    what :func:`city_clauses` picks.
    """
    if not text:
        return []
    out: list[str] = []
    for sentence in re.split(r"[。]", text):
        merging = False
        for part in re.split(r"[；;]", sentence):
            part = part.strip(" ，,")
            if not part:
                continue
            has_colon = "：" in part or ":" in part
            if merging and not has_colon and not any(short_city(c) in part for c in CITIES):
                out[-1] += "；" + part
                continue
            out.append(part)
            merging = bool(_LIST_INTRO.search(part))
    return out


def _first_clause(text: str) -> str:
    return _clauses(text)[0] if _clauses(text) else text


def _mentions(clause: str, city: str) -> bool:
    return short_city(city) in clause


def local_fact(svc: ServiceItem, city: str | None) -> LocalFact | None:
    """The whole-city fact for ``city`` (a county-level fact only when the city has no other)."""
    if not city:
        return None
    facts = [f for f in svc.local if f.city == city]
    whole = [f for f in facts if f.county is None]
    return (whole or facts or [None])[0]


def city_clauses(text: str | None, city: str | None) -> list[str]:
    """Clauses of KB prose that name ``city`` (e.g. the 南京 amounts inside the 标准 paragraph)."""
    if not city:
        return []
    out = []
    for c in _clauses(text):
        # "各地举例（以当地公布为准）：南京（2022年）…" → keep what follows the colon
        body = c.split("：", 1)[1] if "：" in c and not _mentions(c.split("：", 1)[0], city) else c
        if _mentions(body, city):
            out.append(body)
    return out


def provincial_rule(text: str | None) -> str:
    """The part of an amounts paragraph that holds everywhere: what comes before the city examples."""
    if not text:
        return ""
    head = re.split(r"各地举例|各地标准举例|例如[：:]", text)[0]
    cl = [c for c in _clauses(head) if not any(short_city(x) in c for x in CITIES)]
    return "；".join(cl)


def plain(text: str) -> str:
    """Text without its parenthesised asides: '社区居委会（村委会）' → '社区居委会'."""
    return re.sub(r"（[^）]*）|\([^)]*\)", "", text).replace("户籍所在地", "户籍地").strip() or text


def material_brief(m: Material) -> str:
    """The material's name without its parenthesised detail (the details list keeps it)."""
    return re.sub(r"（[^）]*）|\([^)]*\)", "", m.name).strip() or m.name


def online_note(materials: list[Material]) -> str:
    """What the materials' notes say about applying online (e.g. 线上申请不需要提交身份证和户口本)."""
    for m in materials:
        if m.note and ("线上" in m.note or "网上" in m.note or "在线" in m.note) and "不需要" in m.note:
            return "在线申请不用交身份证和户口本。" if "身份证" in m.note and "户口" in m.note else _first_clause(m.note)
    return ""


def what_to_do_when_unknown(svc: ServiceItem, city: str | None = None) -> str:
    """'未找到公开规定' turned into whom to ask."""
    lf = local_fact(svc, city)
    office = (lf.where if lf and lf.where else _first_clause(svc.where))
    phone = lf.phone if lf and lf.phone else hotline_number()
    return f"没有统一公布的时间。想知道多久办好，可以问{office}，或拨打 {phone}。"


def time_text(svc: ServiceItem, city: str | None = None) -> str:
    """How long it takes, in words a citizen can act on."""
    promised, legal = svc.time_limit.promised, svc.time_limit.legal
    for value in (promised, legal):
        if NOT_PUBLIC not in value:
            return value
    return what_to_do_when_unknown(svc, city)


@dataclass
class Brief:
    """The four answers first (plus phone and how to apply), each one short."""

    who: str
    how_much: str
    where: str
    bring: list[str]
    bring_note: str
    phone: str
    how: str                      # how to apply: automatic, this site online, or at the window
    automatic: bool = False
    city: str = ""
    city_known: bool = False      # True when a city's own figure or office is shown
    other_channel: str = ""       # another official online entry, e.g. 苏服办, when there is one
    rows: list[tuple[str, str]] = field(default_factory=list)


def who_can(svc: ServiceItem, lf: LocalFact | None, city: str | None = None) -> str:
    """The first conditions, each cut to its rule (exceptions stay in the details)."""
    parts = [_first_clause(c) for c in svc.conditions[:2]]
    start = lf.start_age if lf and lf.start_age is not None else None
    if start is None and city:
        for c in svc.conditions:
            for clause in _clauses(c):
                m = re.search(r"自(\d+)周岁起", clause)
                if m and _mentions(clause, city):
                    start = int(m.group(1))
    if start is not None:
        parts = [re.sub(r"年满\d+周岁", f"年满{start}周岁", p) for p in parts]
    shown = [plain(p) for p in parts if p]
    # Conditions that carry their own label or commas ("急难型：…，…") are separated by ；, so
    # one condition's text never runs into the next one's label.
    sep = "；" if any(("：" in p or "，" in p) for p in shown) else "，"
    return sep.join(shown) + "。"


def how_much(svc: ServiceItem, city: str | None, lf: LocalFact | None) -> tuple[str, bool]:
    """(text, city-specific?): the city's amount where the KB has it, else the provincial rule."""
    if not svc.amounts and not (lf and lf.amount):
        return "", False
    if lf and lf.amount:
        year = f"（{lf.as_of}年）" if lf.as_of and len(lf.as_of) == 4 else ""
        amount = lf.amount.rstrip("。；; ")
        tail = "。" if "为准" in amount else f"。{UNKNOWN_LOCAL}。"
        return f"{short_city(lf.city)}{lf.county or ''}{year}：{amount}{tail}", True
    mine = city_clauses(svc.amounts, city)
    rule = provincial_rule(svc.amounts)
    if mine:
        text = "；".join(mine)
        return text + ("。" if "为准" in text else f"。{UNKNOWN_LOCAL}。"), True
    text = _short_rule(rule or _first_clause(svc.amounts or ""))
    if city:
        return f"{text}。{short_city(city)}的标准没有找到公开资料，{UNKNOWN_LOCAL}。", False
    return f"{text}，选城市看当地标准。", False


def _short_rule(rule: str) -> str:
    """The provincial rule's first clause with a figure, without a '全省规定：' lead-in; the rest
    of the rule stays in the 标准 section."""
    clauses = _clauses(rule.replace("；", "。"))
    with_figure = [c for c in clauses if "元" in c] or clauses
    first = re.sub(r"^(全省规定|江苏省?最低标准|全省)[：:]", "", with_figure[0] if with_figure else rule)
    first = re.sub(r"(元)，[^，\d]*$", r"\1", first)
    return first + ("；其他由各地确定" if len(clauses) > 1 and "各地" not in first else "")


def _is_automatic(svc: ServiceItem, city: str | None, lf: LocalFact | None) -> bool:
    """Paid without any application in this city (not when only some people are, e.g. 持社保卡的)."""
    if lf and lf.automatic is not None:
        return lf.automatic
    return any("自动发放" in c and "其他" not in c for c in city_clauses(svc.local_note, city))


def phone_words(phone: str) -> str:
    """'12345政务服务便民热线' → '拨打 12345（政务服务便民热线）'; a local number keeps the hotline beside it.

    The KB quotes the number as its sources print it (12345); the hotline named beside a local
    number is the setting's."""
    hotline = hotline_number()
    if phone.startswith("12345"):
        rest = phone[5:].strip("（）() ")
        return f"拨打 12345（{rest}）" if rest else "拨打 12345"
    return f"{phone}；也可以拨打 {hotline}"


def build_brief(svc: ServiceItem, city: str | None = None) -> Brief:
    """The short answer for one service, for the reader's city when known."""
    city = city if city in CITIES else None
    lf = local_fact(svc, city)
    amount, amount_local = how_much(svc, city, lf)
    where = lf.where if lf and lf.where else _first_clause(svc.where)
    phone = lf.phone if lf and lf.phone else _first_clause(svc.phone)
    automatic = _is_automatic(svc, city, lf)
    required = [material_brief(m) for m in svc.materials if m.required]
    ch = svc.channels
    if lf and lf.how_to_apply:
        # the city's own words; when it is paid automatically, its first sentence says so
        how = (lf.how_to_apply.split("。")[0] + "。") if automatic else lf.how_to_apply
    elif automatic:
        how = f"{short_city(city)}不用申请，符合条件的自动发放。有疑问问{where}。"
    elif city_clauses(svc.local_note, city) and any("申" in c for c in city_clauses(svc.local_note, city)):
        how = "；".join(c for c in city_clauses(svc.local_note, city) if "申" in c) + "。"
    elif ch.online:
        how = f"点下面的“在线办理”，或到{plain(where)}办理。"
    elif ch.window:
        how = f"到{where}办理。"
    else:
        how = _first_clause(svc.where)
    if lf and lf.how_to_apply and ch.online and not automatic:
        how += "也可以点下面的“在线办理”。"
    other = ch.online_entry or ""
    b = Brief(who=who_can(svc, lf, city), how_much=amount, where=where, bring=required,
              bring_note=online_note(list(svc.materials)), phone=phone, how=how, automatic=automatic,
              city=city or "", city_known=bool(amount_local or (lf and (lf.where or lf.phone))),
              other_channel=other)
    money = bool(svc.amounts) and ("金" in svc.name or "补贴" in svc.name)
    rows = [("谁能领" if money else "谁能办", b.who)]
    if b.how_much:
        rows.append(("领多少" if money else "标准", b.how_much))
    rows.append(("怎么领" if money else "怎么办", b.how))
    if b.bring and (not automatic or "其他" in how):
        rows.append(("带什么", "、".join(b.bring) + "。" + (b.bring_note or "")))
    rows.append(("问谁", phone_words(b.phone)))
    b.rows = rows
    return b


def citizen_sources(sources: list[Source]) -> tuple[list[Source], int]:
    """(sources a citizen may follow, how many reposts/mirrors/third-party pages were left out)."""
    shown = [s for s in sources if s.kind in CITIZEN_SOURCE_KINDS]
    return shown, len(sources) - len(shown)
