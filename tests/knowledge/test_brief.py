"""The short answer at the top of every guide, derived from the KB (app/knowledge/brief.py)."""

from __future__ import annotations

import pytest

from app.knowledge.brief import _clauses, build_brief, citizen_sources, city_clauses, provincial_rule, time_text
from app.knowledge.schema import CITIES


def test_every_guide_has_a_short_answer(kb):
    for code, svc in kb.services.items():
        b = build_brief(svc)
        labels = [label for label, _v in b.rows]
        assert labels[0] in ("谁能领", "谁能办") and labels[-1] == "问谁", code
        assert all(v.strip() for _l, v in b.rows), code
        assert "未找到公开规定" not in time_text(svc), code
        assert all(len(v) < 400 for _l, v in b.rows), (code, [len(v) for _l, v in b.rows])


def test_zunlaojin_answers_the_four_questions(kb):
    b = build_brief(kb.services["MZ-ZLJ-01"])
    rows = dict(b.rows)
    assert "年满80周岁" in rows["谁能领"] and "江苏" in rows["谁能领"]
    assert "300元" in rows["领多少"] and "南京" not in rows["领多少"]  # no city exceptions without a city
    assert "在线办理" in rows["怎么领"]
    assert "身份证" in rows["带什么"] and "线上" in rows["带什么"] or "在线申请" in rows["带什么"]


@pytest.mark.parametrize("city", CITIES)
def test_each_city_gets_its_own_facts_or_the_provincial_rule(kb, city):
    svc = kb.services["MZ-ZLJ-01"]
    b = build_brief(svc, city)
    amount = dict(b.rows)["领多少"]
    short = city[:-1]
    others = [c[:-1] for c in CITIES if c != city and c[:-1] not in short]
    assert "以当地公布为准" in amount or "为准" in amount
    if b.city_known:
        assert short in amount or short in dict(b.rows)["怎么领"] or b.phone
    assert not any(o + "（" in amount for o in others), amount  # never another city's figure


def test_zhenjiang_from_79_and_suzhou_automatic(kb):
    svc = kb.services["MZ-ZLJ-01"]
    assert "年满79周岁" in build_brief(svc, "镇江市").who
    suzhou = dict(build_brief(svc, "苏州市").rows)
    assert "自动发放" in suzhou["怎么领"] and "带什么" not in suzhou


def test_city_clauses_and_provincial_rule():
    text = "全省规定：100周岁及以上不低于300元。各地举例（以当地公布为准）：南京（2022年）50元；南通（2021年）60元。"
    assert city_clauses(text, "南京市") == ["南京（2022年）50元"]
    assert city_clauses(text, "宿迁市") == []
    assert provincial_rule(text) == "全省规定：100周岁及以上不低于300元"


def test_citizens_see_official_and_law_sources_only(kb):
    for svc in kb.services.values():
        shown, hidden = citizen_sources(list(svc.sources))
        assert all(s.kind in ("official", "law") for s in shown)
        assert len(shown) + hidden == len(svc.sources)


def test_a_list_after_a_colon_is_kept_whole():
    """Items of a list separated by ；are not cases: cutting after the first would say the list is one item."""
    text = "家庭成员包括：配偶；未成年子女；长期共同居住的其他人。另一句"
    assert _clauses(text)[0] == "家庭成员包括：配偶；未成年子女；长期共同居住的其他人"
    assert _clauses("营利性：到市场监管部门；非营利性：到民政部门") == ["营利性：到市场监管部门", "非营利性：到民政部门"]
