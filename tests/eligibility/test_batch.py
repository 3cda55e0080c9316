"""The batch path (memoised per-rule parts and city views) gives exactly the plain path's results,
and the ``support`` facts that 主动发现 uses to pick leads."""

from __future__ import annotations

from datetime import date

from app.eligibility import Facts, match
from app.eligibility import matcher as em
from app.outreach.service import is_lead
from bench.eligibility_batch import generate

TODAY = date(2026, 3, 1)


def _plain(kb, f):
    """The matcher with its memo tables emptied before every call (the plain path)."""
    em._LOCAL_CACHE.clear()
    em._STATIC_CACHE.clear()
    return [m.to_dict() | {"support": m.support} for m in match(kb, f)]


def test_fast_path_equals_plain_path_on_a_sample(kb):
    people = generate(400, seed=11, today=TODAY)
    assert any(p.hukou_county == "扬中市" for p in people)  # the county overlay is in the sample
    plain = [_plain(kb, f) for f in people]
    em._LOCAL_CACHE.clear()
    em._STATIC_CACHE.clear()
    fast = [[m.to_dict() | {"support": m.support} for m in match(kb, f)] for f in people]
    assert fast == plain


def test_memoised_lists_are_copies(kb):
    f = Facts(today=TODAY, birth_date=date(1940, 1, 1), in_jiangsu=True, hukou_city="南京市")
    first = match(kb, f, ["MZ-ZLJ-01"])[0]
    first.materials.append("x")
    first.basis.clear()
    again = match(kb, f, ["MZ-ZLJ-01"])[0]
    assert "x" not in again.materials and again.basis


def test_zhenjiang_79_and_yangzhong_overlay_via_cache(kb):
    for county in (None, "扬中市", None, "扬中市"):
        f = Facts(today=TODAY, birth_date=date(1947, 3, 1), in_jiangsu=True, hukou_city="镇江市", hukou_county=county)
        assert match(kb, f, ["MZ-ZLJ-01"])[0].verdict == "likely"
    f = Facts(today=TODAY, birth_date=date(1947, 3, 2), in_jiangsu=True, hukou_city="镇江市")
    assert match(kb, f, ["MZ-ZLJ-01"])[0].verdict == "no"  # the day before the 79th birthday


def test_support_names_the_facts_that_count_for_a_service(kb):
    f = Facts(today=TODAY, birth_date=date(1980, 1, 1), in_jiangsu=True, hukou_city="南京市",
              has_certificate=True, disability_category="肢体", disability_grade=1)
    care = match(kb, f, ["MZ-CJR-02"])[0]
    assert care.verdict == "maybe" and "disability" in care.support and is_lead(care)
    dibao = match(kb, f, ["MZ-DB-01"])[0]
    assert dibao.support == ["hukou"] and not is_lead(dibao)  # only the place: not a lead
    no = match(kb, Facts(today=TODAY, birth_date=date(2000, 1, 1), in_jiangsu=True, hukou_city="南京市"),
               ["MZ-ZLJ-01"])[0]
    assert no.verdict == "no" and no.support == [] and not is_lead(no)
