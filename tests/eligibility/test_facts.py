"""Reading what people say: dates, places, grades — a kind Chinese message for anything unreadable."""

from __future__ import annotations

from datetime import date

import pytest

from app.eligibility import FactError, full_years, parse_facts

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("params,field,words", [
    ({"birth_date": "1945-02-30"}, "birth_date", "1945年2月没有30日"),
    ({"birth_date": "1945-02-29"}, "birth_date", "没有29日"),
    ({"birth_date": "2027-01-01"}, "birth_date", "不能晚于今天"),
    ({"birth_date": "3/1/1945"}, "birth_date", "1945-03-01"),
    ({"age": "八十"}, "age", "整数"),
    ({"age": "200"}, "age", "130"),
    ({"hukou": "火星"}, "hukou", "没有找到"),
    ({"hukou": "南京市", "county": "昆山市"}, "county", "不属于南京市"),
    ({"disability": "肢体", "grade": "五级"}, "grade", "一级、二级、三级或四级"),
    ({"disability": "近视"}, "disability", "残疾类别"),
    ({"household": "小康"}, "household", "低保"),
    ({"living_alone": "也许"}, "living_alone", "不清楚"),
    ({"hukuo": "南京"}, "hukuo", "不认识的参数"),
    ({"birth_date": "1945-03-01", "age": "70"}, "age", "不一致"),
])
def test_unreadable_input_gets_a_plain_chinese_message(params, field, words):
    with pytest.raises(FactError) as err:
        parse_facts(params, TODAY)
    assert err.value.field == field and words in err.value.message


def test_places_are_read_like_people_say_them():
    f = parse_facts({"hukou": "昆山"}, TODAY)
    assert (f.in_jiangsu, f.hukou_city, f.hukou_county) == (True, "苏州市", "昆山市")
    assert parse_facts({"hukou": "镇江", "county": "扬中"}, TODAY).hukou_county == "扬中市"
    assert parse_facts({"hukou": "省外"}, TODAY).in_jiangsu is False
    assert parse_facts({"hukou": "浙江省"}, TODAY).in_jiangsu is False
    assert parse_facts({}, TODAY).in_jiangsu is None


def test_other_answers():
    f = parse_facts({"disability": "智力残疾", "grade": "三级", "household": "五保", "living_alone": "是",
                     "hardship": "不清楚"}, TODAY)
    assert (f.disability_category, f.disability_grade, f.household) == ("智力", 3, "特困")
    assert f.flag("living_alone") is True and f.flag("hardship") is None
    assert parse_facts({"disability": "无"}, TODAY).has_certificate is False
    assert parse_facts({"grade": "2"}, TODAY).has_certificate is True


def test_full_years_on_and_around_birthdays():
    assert full_years(date(1946, 12, 2), date(2026, 12, 1)) == 79
    assert full_years(date(1946, 12, 2), date(2026, 12, 2)) == 80
    # born on 29 February: a year older on 1 March in a common year
    assert full_years(date(1948, 2, 29), date(2027, 2, 28)) == 78
    assert full_years(date(1948, 2, 29), date(2027, 3, 1)) == 79
    assert full_years(date(1944, 2, 29), date(2024, 2, 29)) == 80
