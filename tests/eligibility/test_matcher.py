"""The matcher: rule boundaries, city variants, unknowns named, 免申即享."""

from __future__ import annotations

from datetime import date

from app.eligibility import match, match_one, parse_facts

ZLJ = "MZ-ZLJ-01"


def zlj(kb, today: date, **params):
    return match_one(kb, ZLJ, parse_facts(params, today))


def test_the_day_before_and_the_day_of_the_80th_birthday(kb):
    before = zlj(kb, date(2026, 12, 1), birth_date="1946-12-02", hukou="南京市")
    on = zlj(kb, date(2026, 12, 2), birth_date="1946-12-02", hukou="南京市")
    assert before.verdict == "no" and "79周岁" in before.reasons[-1] and "2026年12月2日满80周岁" in before.reasons[-1]
    assert on.verdict == "likely" and on.missing == [] and any("已满80周岁" in r for r in on.reasons)


def test_zhenjiang_pays_from_79_read_from_its_local_fact(kb):
    born = "1947-12-02"
    assert zlj(kb, date(2026, 12, 2), birth_date=born, hukou="镇江市").verdict == "likely"
    assert zlj(kb, date(2026, 12, 2), birth_date=born, hukou="南京市").verdict == "no"
    day_before = zlj(kb, date(2026, 12, 1), birth_date=born, hukou="镇江市")
    assert day_before.verdict == "no" and "2026年12月2日满79周岁" in day_before.reasons[-1]
    # a county of 镇江 with its own fact (扬中) follows the same start age
    assert zlj(kb, date(2026, 12, 2), birth_date=born, hukou="镇江市", county="扬中市").verdict == "likely"
    assert any("镇江自79周岁起" in r for r in zlj(kb, date(2026, 12, 2), birth_date=born, hukou="镇江").reasons)


def test_born_on_a_leap_day(kb):
    # 79th birthday in a common year: counted from 1 March
    feb28 = zlj(kb, date(2027, 2, 28), birth_date="1948-02-29", hukou="镇江市")
    mar1 = zlj(kb, date(2027, 3, 1), birth_date="1948-02-29", hukou="镇江市")
    assert feb28.verdict == "no" and "2027年3月1日满79周岁" in feb28.reasons[-1]
    assert mar1.verdict == "likely"
    # 80th birthday in a leap year: the day itself
    assert zlj(kb, date(2024, 2, 28), birth_date="1944-02-29", hukou="南京").verdict == "no"
    assert zlj(kb, date(2024, 2, 29), birth_date="1944-02-29", hukou="南京").verdict == "likely"


def test_unknown_facts_give_maybe_with_the_missing_fact_named(kb):
    no_city = zlj(kb, date(2026, 12, 2), age="79")
    assert no_city.verdict == "maybe" and no_city.missing == ["户籍所在地"] and no_city.missing_facts == ["hukou"]
    no_age = zlj(kb, date(2026, 12, 2), hukou="南京市")
    assert no_age.verdict == "maybe" and no_age.missing_facts == ["age"]
    # an 81-year-old needs no city to be likely; a 70-year-old is 'no' anywhere
    assert zlj(kb, date(2026, 12, 2), age="81").verdict == "maybe"  # 户籍 still unknown
    young = zlj(kb, date(2026, 12, 2), age="70")
    assert young.verdict == "no" and "镇江自79周岁起，其他地方80周岁起" in young.reasons[0]
    db = match_one(kb, "MZ-DB-01", parse_facts({"hukou": "南京市"}, date(2026, 12, 2)))
    assert db.verdict == "maybe" and set(db.missing_facts) == {"income_below_dibao", "assets_ok"}


def test_outside_jiangsu_is_no(kb):
    r = zlj(kb, date(2026, 12, 2), age="85", hukou="省外")
    assert r.verdict == "no" and "户籍不在江苏" in r.reasons[0]


def test_automatic_city_says_no_application_is_needed(kb):
    sz = zlj(kb, date(2026, 12, 2), age="85", hukou="苏州市")
    assert sz.verdict == "likely" and sz.automatic is not None
    assert "免申请" in sz.automatic.how and sz.automatic.payment and "12345" in sz.automatic.contact
    zj_fact = next(f for f in kb.services[ZLJ].local if f.city == "镇江市" and f.county is None)
    zj = zlj(kb, date(2026, 12, 2), age="85", hukou="镇江市")
    assert zj.automatic.payment == zj_fact.payment and "社保卡" in zj.automatic.how
    assert zj.automatic.contact == zj_fact.phone
    nj = zlj(kb, date(2026, 12, 2), age="85", hukou="南京市")
    assert nj.automatic is None and nj.how_to_apply and nj.apply_url == "/apply/MZ-ZLJ-01"
    # too young: no 免申即享 message either
    assert zlj(kb, date(2026, 12, 2), age="60", hukou="苏州市").automatic is None


def test_disability_allowances(kb):
    t = date(2026, 12, 2)
    both = {m.service_code: m for m in match(kb, parse_facts(
        {"hukou": "南京", "disability": "肢体", "grade": "二级", "household": "低保", "long_term_care": "是",
         "injury_care_allowance": "否"}, t))}
    assert both["MZ-CJR-01"].verdict == both["MZ-CJR-02"].verdict == "likely"
    tekun = match_one(kb, "MZ-CJR-01", parse_facts({"hukou": "南京", "disability": "肢体", "grade": "1",
                                                     "household": "特困"}, t))
    assert tekun.verdict == "no" and any("不能享受" in r for r in tekun.reasons)
    mild = match_one(kb, "MZ-CJR-02", parse_facts({"hukou": "南京", "disability": "智力", "grade": "三级",
                                                    "long_term_care": "是"}, t))
    assert mild.verdict == "maybe" and any("当地" in m for m in mild.missing)
    none = match_one(kb, "MZ-CJR-02", parse_facts({"hukou": "南京", "disability": "无"}, t))
    assert none.verdict == "no" and "没有残疾人证" in none.reasons


def test_tekun_and_temporary_assistance(kb):
    t = date(2026, 12, 2)
    old = match_one(kb, "MZ-TK-01", parse_facts({"age": "65", "income_below_dibao": "是", "no_supporter": "是"}, t))
    assert old.verdict == "likely"
    adult = match_one(kb, "MZ-TK-01", parse_facts({"age": "40", "disability": "无"}, t))
    assert adult.verdict == "no"
    assert match_one(kb, "MZ-LSJZ-01", parse_facts({"hardship": "是"}, t)).verdict == "likely"
    assert match_one(kb, "MZ-LSJZ-01", parse_facts({"hardship": "否", "high_expense": "否"}, t)).verdict == "no"


def test_results_are_ordered_and_carry_materials_and_links(kb):
    out = match(kb, parse_facts({"birth_date": "1945-03-01", "hukou": "南京市"}, date(2026, 12, 2)))
    order = {"likely": 0, "maybe": 1, "no": 2}
    assert [order[m.verdict] for m in out] == sorted(order[m.verdict] for m in out)
    first = out[0]
    assert first.service_code == ZLJ and first.materials and first.family_url == "/family?service=MZ-ZLJ-01"
    assert all(b.text in kb.services[b.service_code].conditions for m in out for b in m.basis)
