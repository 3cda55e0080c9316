"""Reading the question's shape: facets, places, age, relation, household, conditions (own wording)."""

from __future__ import annotations

from app.answers.question import facet_free, parse
from app.knowledge.places import find_places


def test_facets_in_the_order_asked():
    q = parse("在哪里申请？每个月能拿多少钱？要带什么材料？")
    assert q.facets == ["where", "amount", "materials"]


def test_each_facet_has_an_everyday_phrasing():
    cases = {
        "办下来要等多久": "time", "几号到账啊": "payment", "需要准备哪些资料": "materials",
        "我这种情况能领吗": "conditions", "去哪办": "where", "打哪个电话问": "phone",
        "婚姻登记处周六开门吗": "hours", "手机上能办吗": "online", "要不要自己申请": "automatic",
        "什么叫事实无人抚养儿童": "what", "办这个收费吗": "fee",
    }
    for text, facet in cases.items():
        assert facet in parse(text).facets, (text, parse(text).facets)


def test_how_often_paid_is_payment_not_time():
    q = parse("这个补贴多久发一次")
    assert "payment" in q.facets and "time" not in q.facets


def test_facet_words_are_blanked_for_service_ranking():
    assert "流程" not in facet_free("办理低保的流程是什么")
    assert "低保" in facet_free("办理低保的流程是什么")


def test_jiangsu_city_and_county():
    q = parse("我外婆户口在昆山，今年八十三岁")
    assert q.city == "苏州市" and q.county == "昆山市"
    assert q.age == 83 and q.for_whom == "祖父母"
    assert q.other_region is None


def test_short_city_name_and_traditional_characters():
    q = parse("我們無錫的老人補貼每月多少")
    assert q.city == "无锡市" and "amount" in q.facets


def test_other_province_is_noticed_but_jiangsu_wins_when_both():
    assert parse("杭州的低保标准是多少").other_region.startswith("杭州市")
    assert parse("从安徽嫁到南京，低保在哪办").other_region is None


def test_districts_outside_jiangsu_match_only_by_full_name():
    # 安宁 is a county-level city in Yunnan, and an everyday word
    assert find_places("希望老人晚年安宁").other == []
    assert find_places("昆明市安宁市的老人").other


def test_ambiguous_jiangsu_district_gives_no_city():
    assert find_places("鼓楼区").city is None  # 鼓楼区 is in both 南京 and 徐州


def test_household_disability_and_conditions():
    q = parse("我是三级精神残疾，家里是低保户，有退休金还能领护理补贴吗")
    assert q.disability_kind == "精神" and q.disability_grade == 3
    assert "低保" in q.household and "有退休金" in q.conditions
    assert q.yes_no and "conditions" in q.facets


def test_age_from_birth_year():
    assert parse("我母亲1940年出生", this_year=2026).age == 86


def test_garbage_gives_an_empty_shape():
    for text in ("", "🙂🙂🙂", "？？？", None):
        q = parse(text)  # type: ignore[arg-type]
        assert q.facets == [] or q.text


def test_is_what_after_a_facet_word_asks_that_facet():
    # kind: 流程是什么 / 条件是什么 ask the steps / the conditions, not what the item is
    assert parse("办理低保的流程是什么?", 2026).facets == ["how"]
    assert parse("特困人员的条件是什么", 2026).facets == ["conditions"]
    assert parse("低保是什么", 2026).facets == ["what"]
    assert parse("什么是低保，怎么申请", 2026).facets == ["what", "how"]


def test_polite_frames_are_blanked_with_the_facet_words():
    # kind: 想了解一下 / 请问 / 您好 say neither item nor point; left in, their rare pairs outweigh
    # the situation's words when a FAQ is fitted
    out = facet_free("您好，想了解一下，请问低保怎么申请")
    assert "了解" not in out and "请问" not in out and "您好" not in out
    assert "低保" in out
    assert "问题" in facet_free("低保的问题")  # 问 alone is not a frame


def test_same_day_steps_and_holidays_are_read_as_their_points():
    # kind: 当天能不能办完 asks how long (not a 手续 already done); 环节 asks the steps;
    # 节假日开放窗口 asks the opening days
    assert parse("当天能不能办完离婚手续", 2026).facets[0] == "time"
    assert parse("两项补贴办理需要经过哪些环节", 2026).facets == ["how"]
    assert parse("建议在五一十一等节假日开放窗口", 2026).facets == ["hours"]
    # an act told as done is still background, not a question of how
    assert parse("办了补贴手续但是没到账", 2026).facets == []


def test_costs_of_a_matter_are_no_fee_question():
    # kind: 医疗费用 / 检查费用 are the money the post is about, not a question of what the office charges
    assert "fee" not in parse("仍有10多万医疗费用需要自费支付，门诊和检查费用一个月4000元，能否申请补助", 2026).facets
    assert parse("办结婚证有什么费用", 2026).facets == ["fee"]


def test_whether_one_paper_is_needed_is_a_materials_question():
    # "要不要带户口本" asks about one paper: materials, not 条件 or the service the paper is named after
    from app.answers.question import facets_of, parse

    for text in ("办低保要不要带户口本", "去登记得带身份证吗", "需要提供收入证明吗"):
        assert facets_of(parse(text).text) == ["materials"], text
    for text in ("要交钱吗", "要不要交费", "需不需要交钱"):
        assert facets_of(parse(text).text) == ["fee"], text


def test_colloquial_how_words_ask_how():
    for text in ("如何申领尊老金呢", "尊老金咋领", "低保咋办", "如何去申请临时救助"):
        assert parse(text).main_facet == "how", text


def test_when_something_will_be_built_or_reopen_asks_a_local_plan():
    for text in ("夏渡新城何时能有老年助餐点", "服务中心什么时候能恢复开放", "我们镇哪年能建成公益性公墓"):
        assert parse(text).main_facet == "plan", text
    for text in ("多久能开单身证明", "什么时候能到账", "低保多久能批下来"):
        assert parse(text).main_facet != "plan", text


def test_exclusions_are_asked_apart_from_conditions():
    for text in ("哪些情形不予临时救助", "什么情况下不能享受残疾人两项补贴", "哪些人不能领尊老金"):
        assert parse(text).main_facet == "exclusion", text
    assert parse("哪些人可以申请低保").main_facet == "conditions"
