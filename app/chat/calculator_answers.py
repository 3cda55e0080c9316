"""The 政策计算器's questions answered in free words, one at a time (the assistant's discover form).

The assistant asks what the /calculator page asks — age, 户籍, 残疾人证, household — one question a
turn, and sends each answer here (``GET /api/eligibility/read``), so the parsing lives in the app
and the bot only carries the result. A reading is the calculator's own query parameters
(``{"age": "82"}``, ``{"hukou": "苏州市", "county": "昆山市"}``, ``{"disability": "肢体", "grade": "2"}``,
``{"household": "低保"}``), which ``GET /api/eligibility/preview`` takes as they are.

What an answer can be (``status``):

- ``answer``: the asked fact (and any other fact said with it: "82岁，户口在南京");
- ``skip``: 不知道 / 跳过 — the fact stays unknown (the results then say it would decide);
- ``stop``: 不查了 / 算了 — the person wants to stop;
- ``question``: not an answer but a question of its own ("结婚登记要带什么"): answered as usual;
- ``invalid``: an answer that cannot be right (age 300, "火星"), with a kind message to ask again.

The first message is read for every fact at once (``ask`` empty) with the answer engine's own
question parser (``app.answers.question``) and its 政策找人 facts (``app.answers.discover``), so
"我妈82岁户口在南京，能领什么补贴" skips the questions already answered. Nothing is stored.
"""

from __future__ import annotations

import re
from datetime import date

from app.answers.discover import asks_what_i_can_get, facts_of
from app.answers.question import cn_number, facets_of
from app.answers.question import parse as parse_question
from app.answers.question import parse_age as question_age
from app.eligibility import FactError, beijing_today, full_years
from app.eligibility.facts import MAX_AGE, NONE, parse_birth_date
from app.knowledge.places import find_places
from app.knowledge.schema import CITIES
from app.search.text import normalize

#: The questions, in the order the assistant asks them.
ASKS = ("age", "hukou", "disability", "household")
OUTSIDE = "省外"

MSG = {
    "age": "我没听出岁数。请直接说老人今年多大，比如“82”，或者出生日期，比如“1945年3月1日”。",
    "age_range": "这个岁数好像不对（要在 0 到 130 岁之间）。请再说一下今年多大，比如“82”。",
    "hukou": "我没听出是哪里的户口。请说江苏的城市，比如“南京”“苏州”；户口不在江苏，请说“外省”。",
    "disability": "我没听明白有没有残疾人证。没有请说“没有”；有的话请说证上的类别和等级，比如“肢体二级”。",
    "household": "我没听明白家里的情况。请说“低保”“特困”“低保边缘”或者“都不是”；不清楚可以说“不知道”。",
}
SAID = {
    "age": "{n}周岁", "birth": "{y}年{m}月{d}日出生（{n}周岁）", "outside": "户口不在江苏", "jiangsu": "江苏户籍",
    "hukou": "{place}户籍", "no_cert": "没有残疾人证", "cert": "有残疾人证", "cert_detail": "{cat}残疾{grade}",
    "household": "{h}家庭", "tekun": "特困人员", "no_household": "不是低保、特困或低保边缘家庭",
}
GRADE_CN = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

_STOP = re.compile(r"^(我)?(不查了|不想查了|别查了|不用查了|不查|算了|算了吧|不用了|不要了|不要|不用|取消|退出|结束|"
                   r"不问了|不弄了|不测了|停)(吧|了|啦)?(谢谢)?$")
_SKIP = re.compile(r"^(我)?(也)?(不知道|不清楚|不晓得|不太清楚|说不清|说不好|不确定|不记得了?|忘了|跳过|下一个|略过|"
                   r"不好说|不懂)(了|啊|呀)?$")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_YEAR = re.compile(r"^(\d{4})\s*年?(出生|生)?(的)?$")
_NUMBER = re.compile(r"(?<!\d)(\d{1,4})(?!\d)")
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]{2,6}|[十百]")
_GRADE = re.compile(r"([一二三四1-4])\s*级")
_OUTSIDE = re.compile(r"外省|省外|外地|不是江苏|不在江苏|江苏以外|外面省")
_NO = re.compile(r"^(没有|没|无|不是|否|不)($|[，,。 ]|有|办|领|残)|(没有|没|无)(办|领)?(过)?残疾人?证|不是残疾")
_HAS = re.compile(r"^(有|是|有的|有证|对)|残疾人?证|持证|办(过|了)")
#: Everyday words for a category (证上写的是类别; people say 眼睛/耳朵/腿).
_CATEGORY_WORDS = (("视力", ("视力", "眼睛", "盲", "看不见")), ("听力", ("听力", "耳朵", "聋", "听不见")),
                   ("言语", ("言语", "哑", "说话")), ("肢体", ("肢体", "腿", "胳膊", "手脚", "截肢", "瘫")),
                   ("智力", ("智力", "智障")), ("精神", ("精神",)), ("多重", ("多重",)))
_HOUSEHOLD = (("低保边缘", ("低保边缘", "边缘")), ("特困", ("特困", "五保", "三无")),
              ("低保", ("低保", "最低生活保障")))
_NOT_HOUSEHOLD = re.compile(r"^(都|也|我们|家里)?(不是|没有|没|不算|无|否|都没有|普通|一般)")
_QUESTION_END = re.compile(r"(吗|呢|么|？|\?)$")


def _reading(params: dict[str, str], said: str) -> dict:
    return {"params": params, "said": said}


def _age_reading(n: int, born: date | None = None) -> dict:
    if born is not None:
        return _reading({"birth_date": born.isoformat()},
                        SAID["birth"].format(y=born.year, m=born.month, d=born.day, n=n))
    return _reading({"age": str(n)}, SAID["age"].format(n=n))


def read_age(text: str, today: date) -> dict | str | None:
    """A reading; or the key of the message to ask again with; or None (not about age)."""
    m = _DATE.search(text)
    if m:
        try:
            born = parse_birth_date("-".join(m.groups()), today)
        except FactError as err:
            return err.message
        return _age_reading(full_years(born, today), born)
    m = _YEAR.match(text)
    if m and 1890 <= int(m.group(1)) <= today.year:
        return _age_reading(today.year - int(m.group(1)))
    n = question_age(text, today.year)
    if n is not None:
        return _age_reading(n)
    m = _NUMBER.search(text)
    if m:
        n = int(m.group(1))
        return _age_reading(n) if 0 < n <= MAX_AGE else "age_range"
    m = _CN_NUMBER.search(text)
    if m:
        n = cn_number(m.group(0))
        if n is not None:
            return _age_reading(n) if 0 < n <= MAX_AGE else "age_range"
    return None


def read_hukou(text: str) -> dict | None:
    if _OUTSIDE.search(text):
        return _reading({"hukou": OUTSIDE}, SAID["outside"])
    p = find_places(text)
    if p.city:
        params = {"hukou": p.city} | ({"county": p.county} if p.county else {})
        place = p.city + (p.county if p.county and p.county != p.city else "")
        return _reading(params, SAID["hukou"].format(place=place))
    if p.jiangsu_named:
        return _reading({"hukou": "江苏"}, SAID["jiangsu"])
    if p.other:
        return _reading({"hukou": OUTSIDE}, SAID["outside"])
    return None


def read_disability(text: str) -> dict | None:
    cat = next((c for c, words in _CATEGORY_WORDS if any(w in text for w in words)), None)
    g = _GRADE.search(text)
    grade = None
    if g:
        grade = int(g.group(1)) if g.group(1).isdigit() else {"一": 1, "二": 2, "三": 3, "四": 4}[g.group(1)]
    if cat or grade:
        params = {"disability": cat or "是"} | ({"grade": str(grade)} if grade else {})
        said = SAID["cert_detail"].format(cat=cat or "", grade=GRADE_CN.get(grade, "")) if cat else \
            SAID["cert"] + GRADE_CN[grade]
        return _reading(params, said)
    if _NO.search(text):
        return _reading({"disability": NONE}, SAID["no_cert"])
    if _HAS.search(text):
        return _reading({"disability": "是"}, SAID["cert"])
    return None


def read_household(text: str) -> dict | None:
    if _NOT_HOUSEHOLD.search(text):
        return _reading({"household": NONE}, SAID["no_household"])
    for value, words in _HOUSEHOLD:
        if any(w in text for w in words):
            return _reading({"household": value}, SAID["tekun"] if value == "特困" else SAID["household"].format(h=value))
    return None


READERS = {"age": lambda t, today: read_age(t, today), "hukou": lambda t, _today: read_hukou(t),
           "disability": lambda t, _today: read_disability(t), "household": lambda t, _today: read_household(t)}


def read_message(text: str, today: date | None = None) -> dict[str, dict]:
    """Every fact a whole message says ("我妈82岁户口在南京，能领什么补贴"), by the answer engine's own
    reading of a question — the same facts its one-shot 政策找人 answer uses."""
    today = today or beijing_today()
    q = parse_question(text, today.year)
    facts, _said = facts_of(q, q.city)
    out: dict[str, dict] = {}
    if facts.stated_age is not None and 0 < facts.stated_age <= MAX_AGE:
        out["age"] = _age_reading(facts.stated_age)
    if facts.hukou_city in CITIES:
        out["hukou"] = read_hukou(text) or _reading({"hukou": facts.hukou_city},
                                                    SAID["hukou"].format(place=facts.hukou_city))
    elif facts.in_jiangsu is False:
        out["hukou"] = _reading({"hukou": OUTSIDE}, SAID["outside"])
    if facts.disability_category or facts.disability_grade:
        out["disability"] = read_disability(text) or _reading({"disability": facts.disability_category or "是"},
                                                              SAID["cert"])
    elif facts.has_certificate:
        out["disability"] = _reading({"disability": "是"}, SAID["cert"])
    if facts.household:
        out["household"] = read_household(facts.household) or _reading({"household": facts.household}, "")
    return out


def looks_like_a_question(text: str) -> bool:
    """A message that asks something of its own (not an answer to the question asked)."""
    return bool(_QUESTION_END.search(text)) or asks_what_i_can_get(parse_question(text))


def read_answer(raw: str, ask: str | None = None, today: date | None = None) -> dict:
    """Read a free answer to the question ``ask`` (one of ASKS), or, with no ``ask``, every fact
    in a first message. See the module docstring for the statuses."""
    today = today or beijing_today()
    text = normalize(raw)[:200]
    if not ask:
        return {"status": "answer", "ask": None, "fields": read_message(text, today), "message": ""}
    if ask not in READERS:
        raise ValueError(ask)
    compact = re.sub(r"[\s，,。.!！~、]+", "", text)
    if _STOP.match(compact):
        return {"status": "stop", "ask": ask, "fields": {}, "message": ""}
    if _SKIP.match(compact) or compact in ("不知道", "不清楚"):
        return {"status": "skip", "ask": ask, "fields": {ask: _reading({}, "")}, "message": ""}
    if not compact or facets_of(text):  # "结婚登记要带什么", "低保怎么申请": a question of its own
        return {"status": "question", "ask": ask, "fields": {}, "message": ""}
    got = READERS[ask](text, today)
    if isinstance(got, dict):
        # what else the answer says ("82岁，户口在南京"): the other questions need not be asked
        others = {k: v for k, v in read_message(text, today).items() if k != ask}
        return {"status": "answer", "ask": ask, "fields": {ask: got, **others}, "message": ""}
    if got is None and looks_like_a_question(text):
        return {"status": "question", "ask": ask, "fields": {}, "message": ""}
    return {"status": "invalid", "ask": ask, "fields": {}, "message": MSG.get(got or ask, got or MSG[ask])}
