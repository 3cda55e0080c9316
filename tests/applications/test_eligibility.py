import pytest

from app.applications.eligibility import CHECKS, evaluate, materials_for


@pytest.mark.parametrize("answers,verdict", [
    ({"hukou": "是", "age": "80—99周岁"}, "yes"),
    ({"hukou": "是", "age": "100周岁及以上"}, "yes"),
    ({"hukou": "是", "age": "79周岁"}, "maybe"),
    ({"hukou": "是", "age": "不到79周岁"}, "no"),
    ({"hukou": "否", "age": "80—99周岁"}, "no"),
])
def test_zunlaojin(answers, verdict):
    assert evaluate("MZ-ZLJ-01", answers).verdict == verdict


def test_dibao_income_above_points_elsewhere():
    r = evaluate("MZ-DB-01", {"income": "高于当地低保标准", "assets": "没有", "illness": "是"})
    assert r.verdict == "no" and "MZ-LSJZ-01" in r.related_codes


def test_disability_rules():
    assert evaluate("MZ-CJR-01", {"certificate": "否", "level": "一级", "dibao": "是", "tekun": "否"}).verdict == "no"
    assert evaluate("MZ-CJR-01", {"certificate": "是", "level": "一级", "dibao": "否", "tekun": "是"}).verdict == "no"
    r = evaluate("MZ-CJR-01", {"certificate": "是", "level": "二级", "dibao": "是", "tekun": "否"})
    assert r.verdict == "yes" and r.apply_code == "MZ-CJR-01" and r.related_codes == ["MZ-CJR-02"]
    assert evaluate("MZ-CJR-01", {"certificate": "是", "level": "四级", "dibao": "否", "tekun": "否"}).verdict == "maybe"


def test_unanswered_question_is_an_error():
    with pytest.raises(ValueError, match="请回答"):
        evaluate("MZ-ZLJ-01", {"hukou": "是"})


def test_materials_come_from_the_kb(kb):
    for code in CHECKS:
        assert materials_for(kb, code) and all(m for m in materials_for(kb, code))
