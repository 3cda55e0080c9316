"""政策找人 in a question: "我能领什么补贴" gets the eligibility matcher's list (the same rules as the
政策计算器 page), or the calculator's questions when nothing checkable was said."""

from __future__ import annotations


def test_nothing_said_gets_the_calculators_questions(answers):
    a = answers.answer("我能领什么补贴")
    assert a.source is not None and a.source.url == "/calculator"
    assert "年龄" in a.text and "户口" in a.text and "残疾人证" in a.text
    assert a.understood.get("discover") is True and "facts" in a.missing


def test_age_and_city_give_the_matchers_list(answers):
    a = answers.answer("我妈82岁，户口在南京，能享受哪些政策")
    assert a.status == "answered" and a.service_code == "MZ-ZLJ-01"
    assert "82岁" in a.text and "南京市" in a.text
    assert a.text.index("很可能可以领") < a.text.index("尊老金")
    assert "/calculator" in a.text


def test_the_day_before_the_80th_birthday_is_not_yet_likely(answers):
    a = answers.answer("我今年79岁，户口在南京，能领哪些补贴")
    assert "很可能可以领：尊老金" not in a.text


def test_zhenjiang_at_79_and_automatic_payment_are_said(answers):
    # 镇江 pays 尊老金 from 79, without an application (local fact): the list says both
    a = answers.answer("我79岁，镇江的，能领什么")
    assert "尊老金" in a.text.split("可能可以，还要看")[0]
    assert "免申即享" in a.text


def test_disability_brings_the_allowances_first(answers):
    a = answers.answer("残疾人能领什么补贴")
    maybe = a.text.split("还要看具体情况：")[1]
    assert maybe.startswith(("重度残疾人护理补贴", "困难残疾人生活补贴"))


def test_a_named_service_is_answered_as_usual(answers):
    a = answers.answer("尊老金能领多少")
    assert a.facet == "amount" and "/calculator" not in a.text


def test_another_province_is_not_given_jiangsus_list(answers):
    a = answers.answer("河南的老人能领什么补贴")
    assert "other_region" in a.missing and "很可能可以领" not in a.text
