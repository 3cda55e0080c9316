"""Knowledge-base entries as plain dicts for the assistant (served by /api/services, /api/policies).

The action server runs in Rasa's own venv and never imports app code: it reads service
guides, FAQs, policies and the 尊老金 eligibility rule through these views over HTTP. The
eligibility rule itself lives in ``app.applications.eligibility`` (the same one the web
page 测一测 uses); this module only turns free answers (82, 八十二, 南京) into its options.
The pages' addresses in these views (``url``, ``apply_url``, ``check_url``) come from
``app.core.urls``, so the bot's links follow the pages without the bot knowing them.
"""

from __future__ import annotations

import re

from app.answers.question import cn_number
from app.core import urls
from app.knowledge.loader import KnowledgeBase

#: Jiangsu's 13 prefecture-level cities and the words people use for "here".
JIANGSU_PLACES = ("江苏", "苏州", "南京", "无锡", "徐州", "常州", "南通", "连云港", "淮安", "盐城", "扬州",
                  "镇江", "泰州", "宿迁", "本省", "省内", "苏服办", "昆山", "江阴", "张家港", "常熟", "丹阳",
                  "句容", "扬中", "宜兴", "溧阳", "太仓", "如皋", "海安", "启东", "东台", "泰兴", "靖江",
                  "兴化", "高邮", "仪征", "邳州", "新沂", "沭阳", "灌云", "金坛", "溧水", "高淳", "江宁")
NOT_JIANGSU = ("外省", "省外", "不是江苏", "不在江苏", "外地户口", "安徽", "浙江", "上海", "山东", "河南", "河北",
               "湖北", "湖南", "江西", "福建", "广东", "广西", "四川", "重庆", "贵州", "云南", "陕西", "山西",
               "甘肃", "青海", "宁夏", "新疆", "西藏", "内蒙古", "黑龙江", "吉林", "辽宁", "北京", "天津",
               "海南", "台湾", "香港", "澳门")


def service_index(kb: KnowledgeBase) -> list[dict]:
    return [{"code": code, "name": svc.name, "topic": kb.service_topic[code],
             "abbreviation": kb.topics[kb.service_topic[code]].abbreviation,
             "online": svc.channels.online, "url": urls.service_url(code)}
            for code, svc in kb.services.items()]


def service_guide(kb: KnowledgeBase, code: str) -> dict | None:
    svc = kb.services.get(code)
    if svc is None:
        return None
    topic = kb.service_topic[code]
    from app.applications.eligibility import CHECKS

    return {
        "code": code,
        "name": svc.name,
        "topic": topic,
        "item_type": svc.item_type,
        "summary": svc.summary,
        "conditions": list(svc.conditions),
        "materials": [{"name": m.name, "form": m.form, "count": m.count, "required": m.required,
                       "note": m.note} for m in svc.materials],
        "steps": [{"name": s.name, "detail": s.detail} for s in svc.steps],
        "time_limit": {"legal": svc.time_limit.legal, "promised": svc.time_limit.promised},
        "fee": svc.fee,
        "where": svc.where,
        "phone": svc.phone,
        "amounts": svc.amounts,
        "channels": svc.channels.model_dump(),
        "url": urls.service_url(code),
        "apply_url": urls.apply_url(code) if svc.channels.online else None,
        "check_url": urls.check_url(code) if code in CHECKS else None,
        "faqs": [{"n": n, "q": f.q, "a": f.a, "url": urls.faq_url(code, n)}
                 for n, f in enumerate(svc.faqs, start=1)],
        "policies": [{"id": pid, "title": pol.title, "url": urls.policy_url(pid)}
                     for pid, (pol, _t) in kb.policies.items() if code in pol.governs],
        "sources": [s.model_dump() for s in svc.sources],
    }


def policy_view(kb: KnowledgeBase, policy_id: str) -> dict | None:
    entry = kb.policies.get(policy_id)
    if entry is None:
        return None
    pol, topic = entry
    return {"id": policy_id, "title": pol.title, "issuer": pol.issuer, "doc_number": pol.doc_number,
            "date": pol.date, "summary": pol.summary, "topic": topic, "governs": list(pol.governs),
            "url": urls.policy_url(policy_id), "sources": [s.model_dump() for s in pol.sources]}


# ------------------------------------------------------------------ eligibility (free answers)


def parse_age(text: str) -> int | None:
    """An age in years from a free answer: 82, 82岁, 八十二, 八十二周岁, 一百零一."""
    text = (text or "").strip()
    m = re.search(r"(?<!\d)(\d{1,3})(?!\d)", text)
    if m:
        n = int(m.group(1))
        return n if 0 < n < 130 else None
    m = re.search(r"[零〇一二两三四五六七八九十百]+", text)
    if not m:
        return None
    total = cn_number(m.group(0))
    return total if total and 0 < total < 130 else None


def parse_in_jiangsu(text: str) -> bool | None:
    """Whether a free 户籍 answer is in Jiangsu (None: cannot tell). When both kinds of place
    are named ("户口在江苏，人在上海") the first one named is taken as the 户籍."""
    t = (text or "").strip()

    def first(words: tuple[str, ...]) -> int:
        hits = [t.find(w) for w in words if w in t]
        return min(hits) if hits else -1

    no, yes = first(NOT_JIANGSU), first(JIANGSU_PLACES)
    if no >= 0 and (yes < 0 or no <= yes):
        return False
    if yes >= 0:
        return True
    if t in {"是", "是的", "对", "在", "本地", "本地户口"}:
        return True
    if t in {"不是", "否", "不在"}:
        return False
    return None


def age_option(age: int) -> str:
    """An exact age → the 测一测 option, with the ages from the KB's eligibility rules."""
    from app.applications.eligibility import zlj_age_band

    return zlj_age_band(age)


def zlj_eligibility(kb: KnowledgeBase, age_text: str, hukou_text: str) -> dict:
    """尊老金: free answers → the 测一测 rule's result, with its source (the item's guide)."""
    from app.applications.eligibility import evaluate

    code = "MZ-ZLJ-01"
    age = parse_age(age_text)
    in_js = parse_in_jiangsu(hukou_text)
    need = [k for k, v in (("age", age), ("hukou", in_js)) if v is None]
    if need:  # what could be read is returned, so a conversation can ask only for the rest
        return {"service_code": code, "need": need, "age": age, "in_jiangsu": in_js}
    res = evaluate(code, {"age": age_option(age), "hukou": "是" if in_js else "否"})
    svc = kb.services[code]
    return {
        "service_code": code, "need": [], "age": age, "in_jiangsu": in_js,
        "verdict": res.verdict, "headline": res.headline, "reasons": res.reasons,
        "next_steps": res.next_steps,
        "apply_url": urls.apply_url(res.apply_code) if res.apply_code else None,
        "check_url": urls.check_url(code),
        "source": {"title": f"办事指南：{svc.name}", "url": urls.service_url(code),
                   "topic": kb.service_topic[code]},
    }
