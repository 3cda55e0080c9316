"""政策找人 in a question: "我能领什么补贴" is answered by the eligibility matcher, not by one item.

A person who asks what they may be entitled to names no service; the honest answer is the list the
政策计算器 would give for what they said (age, 户籍 city and county, disability, household), with
what would still decide it — and, where they said nothing checkable, the calculator's few questions.
Every channel gets this through the answer engine, so the chat, the kiosk and the hotline console
say the same as the ``/calculator`` page (one matcher, one set of rules: ``app.eligibility``).
"""

from __future__ import annotations

import re

from app.answers.model import Answer, SourceRef
from app.answers.question import Question
from app.core import urls
from app.eligibility import Facts, match
from app.eligibility.facts import beijing_today
from app.knowledge.loader import KnowledgeBase
from app.knowledge.schema import CITIES

#: "我能领什么补贴", "我妈82岁可以享受哪些政策", "有什么福利" — entitlement in general, no service named.
DISCOVER = re.compile(
    r"((能|可以|可|该)(领|享受|申请|拿|办)(到)?(哪些|什么|啥|几样|哪几)(补贴|补助|待遇|政策|钱|福利|救助)?)"
    r"|((有|享受)(哪些|什么|啥)(补贴|补助|待遇|福利|优待|政策)(可以|能)?(领|享受|申请)?)"
    r"|(能领多少种)")
CALCULATOR_URL = urls.CALCULATOR
WORDS = {
    "said": "按您说的情况（{facts}），",
    "likely": "很可能可以领：{names}。",
    "maybe": "可能可以，还要看具体情况：{names}。",
    "none": "暂时没有算出很可能能领的项目。",
    "ask": "能领什么，要看年龄、户口在哪、有没有残疾人证、家里是不是低保或特困。",
    "calculator": "可以打开「政策计算器」（{url}）回答这几个问题，马上看到可能能领的项目、原因和要准备的材料。",
    "more": "打开「政策计算器」（{url}）能看到每一项的原因、还要看什么和要准备的材料。",
}
MAX_MAYBE = 4


#: What a "what can I get" question may say besides the ask itself: the person's facts and small words.
_SLOT_WORDS = re.compile(
    r"\d+|[零一二三四五六七八九十百]+(岁|周岁)|岁|周岁|今年|户口|户籍|住在|在|是|的|了|我|家|们|请问|你好|您好|想问|问一下|"
    r"老人|老年人|妈妈?|爸爸?|父亲|母亲|爷爷|奶奶|外婆|外公|孩子|儿子|女儿|残疾人?|证|级|低保户?|低保边缘|特困|五保|"
    r"肢体|视力|听力|言语|智力|精神|多重|市|县|区|江苏|现在|一个|人")
#: Beyond this many characters of other content the post is about something specific (住院手术自负
#: 很大 → 医疗救助), and the usual answer path serves it better than the general list.
MAX_OTHER_CHARS = 6
#: A life event names its own services (a death → 丧葬 and 殡葬; a stay in hospital → 医疗救助): such a
#: post is answered by the usual path, not by the general list, however few its other words.
_LIFE_EVENT = re.compile(r"去世|过世|走了|死亡|身故|离世|病故|没了|火化|丧葬|殡葬|住院|大病|重病|手术|火灾|事故|失业|"
                         r"离婚|结婚|收养|流浪|乞讨|受灾|上学|读书|考上|大学|入学|学费")


def asks_what_i_can_get(q: Question, city_names: tuple[str, ...] = ()) -> bool:
    """Entitlement in general, about Jiangsu (another province's asker gets the usual other-region reply):
    the ask (能领什么补贴) and little else than the person's facts."""
    m = DISCOVER.search(q.text)
    if not m or q.other_region or _LIFE_EVENT.search(q.text):
        return False
    rest = q.text[:m.start()] + q.text[m.end():]
    for name in sorted(city_names, key=len, reverse=True):
        rest = rest.replace(name, "")
    rest = _SLOT_WORDS.sub("", rest)
    return sum("\u4e00" <= ch <= "\u9fff" for ch in rest) <= MAX_OTHER_CHARS


def _topics_said(f: Facts) -> set[str]:
    out: set[str] = set()
    if f.has_certificate:
        out.add("残疾人两项补贴")
    if f.household in ("低保", "低保边缘"):
        out |= {"低保", "临时救助", "医疗救助"}
    if f.household == "特困":
        out.add("特困供养")
    if f.stated_age is not None and f.stated_age >= 60:
        out |= {"尊老金", "养老服务"}
    return out


def _short(name: str) -> str:
    """'最低生活保障申请（低保申请）' → '最低生活保障申请'."""
    return re.split(r"[（(]", name)[0] or name


def facts_of(q: Question, city: str | None) -> tuple[Facts, list[str]]:
    """What the question says, as the matcher's facts, and the same in words for the reply."""
    said: list[str] = []
    age = q.age if q.age is not None and 0 <= q.age <= 130 else None
    if age is not None:
        said.append(f"{age}岁")
    in_js = True if city in CITIES else (False if q.other_region else None)
    if city:
        said.append(f"在{city}")
    grade = q.disability_grade
    category = q.disability_kind
    has_cert = True if (grade or category or "残疾" in q.text) else None
    if category or grade:
        said.append(f"{category or ''}残疾{f'{grade}级' if grade else ''}")
    elif has_cert:
        said.append("残疾人")
    household = next((h for h in ("特困", "低保边缘", "低保") if h in q.household), None)
    if household:
        said.append(f"{household}家庭" if household != "特困" else "特困人员")
    facts = Facts(today=beijing_today(), stated_age=age, in_jiangsu=in_js, hukou_city=city if city in CITIES else None,
                  has_certificate=has_cert, disability_category=category, disability_grade=grade, household=household)
    return facts, said


def discover_answer(kb: KnowledgeBase, q: Question, city: str | None, understood: dict) -> Answer:
    """The matcher's list for what the question says, or the calculator's questions when it says nothing."""
    src = SourceRef("guide", "政策计算器", CALCULATOR_URL, "calculator")
    facts, said = facts_of(q, city)
    if not said:
        text = WORDS["ask"] + WORDS["calculator"].format(url=CALCULATOR_URL)
        return Answer(text, "partial", "conditions", None, src, 0.5, ["facts"], [], understood | {"discover": True})
    matches = match(kb, facts)
    likely = [_short(m.name) + ("（免申即享，不用申请）" if m.automatic else "") for m in matches if m.verdict == "likely"]
    # the maybes about what was said first (残疾人 → the allowances), then those fewest facts from decided
    topics = _topics_said(facts)
    maybes = sorted((m for m in matches if m.verdict == "maybe"),
                    key=lambda m: (kb.service_topic.get(m.service_code) not in topics, len(m.missing_facts)))
    maybe = [_short(m.name) for m in maybes][:MAX_MAYBE]
    parts = [WORDS["said"].format(facts="，".join(said))]
    parts.append(WORDS["likely"].format(names="、".join(likely)) if likely else WORDS["none"])
    if maybe:
        parts.append(WORDS["maybe"].format(names="、".join(maybe)))
    parts.append(WORDS["more"].format(url=CALCULATOR_URL))
    main = next((m for m in matches if m.verdict == "likely"), None)
    return Answer("".join(parts), "answered", "conditions", main.service_code if main else None, src,
                  0.8 if likely else 0.6, [] if likely else ["facts"], [], understood | {"discover": True})
