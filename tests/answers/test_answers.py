"""Choosing and composing: one case per failure kind of issue 15, in our own words.

Each test names the kind it guards against. They go through the real KB and search, so a KB
edit that breaks a distinction fails here.
"""

from __future__ import annotations

from app.answers import AnswerContext


def test_point_asked_time_is_not_how_to_apply(answers):
    # kind: point asked ≠ point answered (asked how long → got the steps)
    a = answers.answer("临时救助交上去以后一般几个工作日能批")
    assert a.facet == "time"
    assert a.service_code.startswith("MZ-LSJZ")


def test_point_asked_materials(answers):
    a = answers.answer("给我爸申请尊老金要带哪些东西")
    assert a.facet == "materials" and a.service_code == "MZ-ZLJ-01"
    assert "身份证" in a.text


def test_city_and_age_are_used(answers):
    # kind: city and person ignored
    a = answers.answer("我奶奶今年九十一了，户口在南京，尊老金一个月给多少")
    assert a.service_code == "MZ-ZLJ-01" and a.facet == "amount"
    assert "南京" in a.text
    assert a.understood["city"] == "南京市" and a.understood["age"] == 91


def test_city_from_context(answers):
    a = answers.answer("尊老金每月多少钱", AnswerContext(city="南京市"))
    assert "南京" in a.text


def test_unknown_city_figure_falls_back_to_provincial_rule(answers):
    a = answers.answer("宿迁的尊老金标准是多少")
    assert "以当地公布为准" in a.text and "300" in a.text


def test_institution_item_not_given_to_a_family(answers):
    # kind: near neighbours (入住养老机构 vs 养老机构备案)
    a = answers.answer("我想把瘫痪的老父亲送进养老院住，要怎么办")
    assert a.service_code != "MZ-YL-01"


def test_institution_question_gets_the_institution_item(answers):
    a = answers.answer("我们公司打算开一家养老院，备案要交什么")
    assert a.service_code == "MZ-YL-01" and a.facet == "materials"


def test_two_named_services_both_answered(answers):
    # kind: 生活补贴 vs 护理补贴, a question about both gets both
    a = answers.answer("困难残疾人生活补贴和重度残疾人护理补贴分别每月多少钱")
    codes = {p.service_code for p in a.parts}
    assert {"MZ-CJR-01", "MZ-CJR-02"} <= codes


def test_verdict_faq_not_given_to_a_how_question(answers):
    # kind: a neighbouring FAQ chosen whole, its "可以。" wrong for the question
    a = answers.answer("结婚登记怎么预约")
    assert not a.text.startswith(("可以。", "不能。", "一般不行"))


def test_hours_not_in_kb_is_honest(answers):
    # kind: the KB lacks the fact → say so and who can answer, never a neighbour
    a = answers.answer("收养登记处几点上班，中午休息吗")
    assert a.facet == "hours" and a.status in ("unsure", "partial")
    assert "知识库里没有" in a.text and "12345" in a.text
    assert "hours" in a.missing


def test_other_province_is_honest_unsure(answers):
    a = answers.answer("河南省的高龄津贴每月多少钱")
    assert a.status == "unsure" and "other_region" in a.missing
    assert "河南省" in a.text and "江苏" in a.text


def test_kb_has_it_so_not_unsure(answers):
    # kind: the reverse — "not sure" when the KB has the answer
    a = answers.answer("办低保要准备什么材料")
    assert a.status == "answered" and a.facet == "materials"
    assert a.source.url.startswith("/services/MZ-DB-01")


def test_faq_source_has_its_anchor(answers):
    a = answers.answer("生活补贴和护理补贴能一起领吗")
    assert a.source is not None
    assert a.source.url.startswith("/services/") and ("#" in a.source.url)


def test_multi_part_question_gets_every_part(answers):
    a = answers.answer("低保申请要什么条件，在哪里办")
    assert [p.facet for p in a.parts][:2] == ["conditions", "where"]
    assert len(a.parts) >= 2 and "\n" in a.text


def test_follow_up_keeps_previous_service(answers):
    a = answers.answer("那要带什么", AnswerContext(previous_service="MZ-HY-01"))
    assert a.service_code == "MZ-HY-01" and a.facet == "materials"


def test_age_below_threshold_is_said(answers):
    a = answers.answer("我妈75岁能领尊老金吗")
    assert a.facet == "conditions" and "还没到" in a.text


def test_bad_input_never_raises(answers):
    for text in ("", "   ", "🙂🙂🙂", "尊" * 2000, "zunlaojin zenme ling", "尊老京怎么领", "低包申请条件",
                 "我們這裡的低保標準", "a" * 50, "!!!???", "\x00\x01", "低保" * 500):
        a = answers.answer(text)
        assert a.status in ("answered", "partial", "unsure") and a.text
        assert 0.0 <= a.confidence <= 1.0


def test_homophones_reach_the_service(answers):
    assert answers.answer("尊老京怎么申请").service_code == "MZ-ZLJ-01"
    assert answers.answer("低包要什么条件").service_code.startswith("MZ-DB")


def test_empty_is_unsure_with_a_hint(answers):
    a = answers.answer("🙂🙂")
    assert a.status == "unsure" and "question" in a.missing


def test_sentences_never_run_a_label_into_an_office(answers):
    # kind: garbled composition — a ``where`` written as labelled cases ("营利性：…；非营利性：…")
    # must not read "可以问营利性：…" when the engine names whom to ask
    from app.answers.compose import office_of

    svc = next(s for s in answers_kb_services(answers) if s.where.startswith("营利性："))
    office = office_of(svc, None)
    assert "：" not in office and "营利性" not in office
    assert "民政部门" in office


def test_conditions_with_their_own_labels_are_kept_apart():
    # kind: garbled composition — "…的家庭，支出型：…" ran one condition into the next label
    from app.knowledge.brief import who_can
    from app.knowledge.loader import load_kb

    svc = next(s for s in load_kb().services.values() if any("：" in c for c in s.conditions[:2]))
    text = who_can(svc, None)
    for label in [c.split("：", 1)[0] for c in svc.conditions[1:2] if "：" in c]:
        assert f"，{label}：" not in text


def test_age_verdict_reads_as_a_sentence(answers):
    a = answers.answer("我爸今年82岁了，符合什么条件可以领尊老金")
    assert "按年龄，" not in a.text
    assert "82岁，已满80周岁" in a.text


def answers_kb_services(answers):
    from app.knowledge.loader import load_kb

    return list(load_kb().services.values())


def test_situation_faq_beats_the_items_generic_element(answers):
    # kind: a keyword-matched rule block instead of the asker's case — the item's guide element
    # (补领's time limit) does not speak of what was asked (a certificate of being single); the
    # item's own FAQ on that certificate does, so it is the answer
    a = answers.answer("单位让我开个单身证明，要多长时间")
    assert a.source is not None and "#faq-" in a.source.url
    assert "婚姻登记记录证明" in a.text or "单身证明" in a.text
    assert "补领" not in a.text


def test_where_registered_is_a_circumstance_not_the_moving_item(answers):
    # kind: city and person ignored — "户口在X" says where the person is registered; it must not
    # pull the answer to the item about moving 户籍, while a question about moving still gets it
    a = answers.answer("我外婆八十三了户口在苏州，尊老金一个月能拿多少")
    assert a.service_code == "MZ-ZLJ-01" and a.facet == "amount"
    assert "苏州" in a.text and "迁" not in a.text
    moved = answers.answer("老人的户口从南京迁到了无锡，尊老金归哪里发")
    assert moved.service_code == "MZ-ZLJ-02"


def test_key_word_of_one_item_outranks_its_topic_neighbours(answers):
    # kind: the reply matches the subject's general words, not the item the question names by its
    # own word — a request to give a new road a name is the naming item, not the name look-up
    a = answers.answer("村口那条新修的路一直没有名字，能不能给起名")
    assert a.service_code == "MZ-DM-01"


def test_item_named_outright_is_not_stepped_back_by_key_words(answers):
    # kind: wrong item — lost certificates name the re-issue item (by the words in its name's
    # brackets); the marriage and divorce items that only share 结婚证/离婚证 must not overtake it
    from app.answers.question import parse

    cands, _, _ = answers.services_for(parse("我的结婚证和离婚证都找不到了，拿什么证明", 2026), AnswerContext())
    assert cands[0].code == "MZ-HY-03" and cands[0].named


def test_payment_that_stopped_gets_the_stop_faq_not_the_generic_complaint_line(answers):
    # kind: keyword match instead of what was asked — "it stopped" is about why it stops and how
    # it is resumed, which the KB's stop FAQ says; "to complain, call 12345" alone is not an answer
    a = answers.answer("低保金怎么突然停发了")
    assert a.source is not None and "#faq-" in a.source.url
    assert "停发" in a.text and a.service_code.startswith("MZ-DB")


def test_another_provinces_question_gets_the_national_rule_as_its_answer(answers):
    # kind: a question from another province whose answer is a national rule (救助站 cannot force
    # anyone in): the national FAQ answers it there too, framed as national, local office last
    a = answers.answer("湖北的流浪人员救助站能强制收容吗")
    assert a.status == "answered" and a.source is not None and a.source.kind == "faq"
    assert a.source.code in answers._national
    assert "全国统一" in a.text and "湖北省" in a.text and "12345" in a.text
    assert "江苏的做法供参考" not in a.text


def test_a_national_rule_answered_at_home_is_answered_for_another_province_too(answers):
    # kind: a national FAQ that answers the question asked without a place (is this 研究会 real?)
    # answers it when the asker names another province's city; it is not demoted to "ask locally"
    # for falling short of the stricter bar a Jiangsu reference must pass
    home = answers.answer("饭店门口挂着撸串文化中心的牌子，是真的社会组织吗")
    there = answers.answer("德州饭店门口挂着撸串文化中心的牌子，是真的社会组织吗")
    assert home.status == "answered" and home.source.code in answers._national
    assert there.status == "answered" and there.source.code == home.source.code
    assert "全国统一" in there.text and "山东省" in there.text


def test_another_provinces_question_on_a_jiangsu_rule_is_only_a_reference(answers):
    # kind: another province's figure — Jiangsu's rule is shown as a reference, never as theirs
    a = answers.answer("浙江的高龄津贴每月多少钱")
    assert a.status == "unsure" and "other_region" in a.missing
    assert "江苏的做法供参考" in a.text and a.text.rstrip().endswith("热线。")
    assert "全国统一" not in a.text


def test_facet_words_do_not_choose_the_topic(answers):
    # kind: 打什么电话 is common in one topic's FAQs by chance; the subject (低保) decides
    a = answers.answer("低保有问题打什么电话")
    assert a.service_code.startswith("MZ-DB-") and a.facet == "phone"


def test_a_stopped_payment_is_not_answered_by_a_service_that_pays_nothing(answers):
    a = answers.answer("虽然钱不多，但老人觉得是份关怀，怎么忽然就没了呢")
    assert a.service_code is None or answers.kb.services[a.service_code].item_type == "行政给付" \
        or answers.kb.services[a.service_code].amounts or a.status == "unsure"


def test_the_askers_city_fact_beats_another_citys_example(answers):
    # kind: city ignored — a FAQ whose example is 无锡 must not answer a 苏州 asker when the KB holds
    # 苏州's own fact for the point
    a = answers.answer("我在苏州，婚姻登记处几点上班")
    assert a.text.startswith("苏州") and "无锡" not in a.text


def test_a_citys_figure_on_a_neighbouring_item_is_found(answers):
    # 徐州's 低保标准 is a fact of the application item; the question may rank the payment item first
    a = answers.answer("徐州低保标准多少")
    assert "徐州" in a.text and "知识库里没有" not in a.text


def test_a_clause_about_something_the_kb_lacks_is_said_missing_under_its_own_words(answers):
    """Two questions in one post: the one the KB does not hold (公交卡 is 交通's) is said to be missing,
    labelled by its own words, never filed under an item it is not about; the other is answered."""
    a = answers.answer("老年公交卡怎么办理？尊老金怎么申请？")
    first, second = a.parts[0], a.parts[1]
    assert first.status == "unsure" and first.subject and "公交卡" in first.subject
    assert a.text.startswith(f"{first.subject}·")
    assert second.status == "answered" and second.service_code == "MZ-ZLJ-01"
    assert a.status == "partial"


def test_a_short_question_with_an_unknown_term_is_not_answered_by_a_neighbour(answers):
    a = answers.answer("老年公交卡在哪办")
    assert a.status == "unsure"


def test_a_death_in_the_family_is_about_funeral_help_not_the_general_list(answers):
    for text in ("我爸过世了能领什么", "我妈走了，有啥补助"):
        a = answers.answer(text)
        assert a.understood.get("discover") is not True, text
        assert a.service_code and a.service_code.startswith("MZ-BZ"), (text, a.service_code)


def test_a_subsidy_after_a_death_names_the_survivors_pension_benefits(answers):
    a = answers.answer("老人过世了，家属能领什么补贴")  # the FAQ says 去世: met through the synonym
    assert a.service_code == "MZ-BZ-01"
    assert "丧葬补助金" in a.text and "抚恤金" in a.text


def test_a_situation_said_in_other_words_meets_its_faq(answers):
    """The FAQ is written with 癌症; the citizen says 重大疾病 (one synonym group), and who has it
    (老公) does not outweigh the situation: a FAQ of that situation (the edge-household route), not the
    generic income rule."""
    for text in ("我老公得了癌症，我们家能吃低保吗", "我老公得了重大疾病，我们家能吃低保吗"):
        a = answers.answer(text)
        assert a.service_code == "MZ-DB-01", text
        assert a.parts[0].source.kind == "faq" and "低保边缘" in a.text, (text, a.text[:80])


def test_a_generic_money_word_asks_for_the_amount_itself(answers):
    # kind: a neighbouring FAQ chosen whole — "补助" is the item's money, not a situation: the amount
    # element, not the FAQ about a side benefit or about having no certificate
    for q, code in (("残疾人补助多少钱", "MZ-CJR-01"), ("低保补助多少钱", "MZ-DB-0"), ("孤儿补助多少钱", "MZ-ETFL-01")):
        a = answers.answer(q)
        assert a.facet == "amount" and a.service_code.startswith(code), q
        assert a.source.url.endswith("#amounts"), (q, a.source.url, a.text)
    # a side benefit asked by name is still that FAQ
    a = answers.answer("低保户孩子上学有补助吗")
    assert "教育救助" in a.text


def test_can_i_apply_for_a_subsidy_is_a_condition_not_an_amount():
    from app.answers.question import facets_of

    assert "amount" not in facets_of("没有残疾证能申请残疾人补贴吗？")
    assert "amount" in facets_of("生态安葬是否也有相应奖励？")


def test_the_item_named_is_answered_not_a_neighbour_with_the_same_wording(answers):
    # kind: near neighbours — "民非登记多久能办好" shares "登记多久能办好" with a 解除收养 FAQ word for word
    a = answers.answer("民非登记多久能办好")
    assert a.service_code == "MZ-SHZZ-02" and a.facet == "time"
    # and an item's alias is no "situation": 领结婚证 names 结婚登记, so its materials are answered
    a = answers.answer("领结婚证要带什么材料")
    assert a.service_code == "MZ-HY-01" and a.source.url.endswith("#materials")


def test_bu_ban_jie_hun_zheng_is_not_a_time_question():
    from app.answers.question import facets_of

    # "补办结婚证" holds the characters 办结 (办结 = finished, a time word) but asks how to re-issue
    assert facets_of("补办结婚证怎么申请") == ["how"]
    assert "time" in facets_of("多少个工作日办结")


def test_where_is_said_plainly_when_the_place_has_conditions(answers):
    # "到电话报告12345或110办理" garbled a call into a place
    a = answers.answer("街面巡查救助去哪里办")
    assert a.facet == "where" and "到电话" not in a.text and "12345" in a.text


def test_never_received_asks_why_and_whom_not_what_it_is(answers):
    # kind: point asked ≠ point answered — "是什么原因" is no "what is it"; a stop FAQ that opens with
    # "可以。" answers a yes/no question, not "why, and whom do I ask"
    a = answers.answer("我父亲今年85岁了，一直没有领到高龄补贴，请问是什么原因？应该找哪个部门？")
    assert a.service_code.startswith("MZ-ZLJ") and a.facet != "what"
    assert not a.text.startswith("可以") and "社区" in a.text


def test_a_situation_the_kb_holds_is_answered_not_sent_to_the_calculator(answers):
    a = answers.answer("我是低保户，孩子考上大学了，有没有什么补助？")
    assert "/calculator" not in (a.source.url if a.source else "")
    assert "教育救助" in a.text or "临时救助" in a.text


def test_a_topic_said_by_its_name_is_a_candidate_and_a_status_is_not_the_topic():
    from app.answers.engine import topics_named
    from app.answers.question import facets_of

    assert topics_named("低保可以在打工的地方申请吗") == {"低保"}
    assert topics_named("我是低保户，孩子考上大学了") == set()  # 低保户 is who asks, not what
    assert "where" in facets_of("户口在徐州，护理补贴可以在苏州申请吗")


def test_what_is_the_difference_answers_each_item_named(answers):
    # kind: near neighbours — a question about both gets both, not "not in the KB"
    a = answers.answer("残疾人生活补贴和护理补贴有什么区别")
    assert a.status == "answered" and a.facet == "what"
    assert {p.service_code for p in a.parts} == {"MZ-CJR-01", "MZ-CJR-02"}


def test_how_much_a_month_with_the_service_in_between(answers):
    # "每个月尊老金多少": the amount, for the city said, not the item's summary
    a = answers.answer("我奶奶92岁了，在无锡，每个月尊老金多少")
    assert a.facet == "amount" and "无锡" in a.text
    from app.answers.question import facets_of
    assert "conditions" in facets_of("是低保户，能领护理补贴和生活补贴吗")


def test_the_phone_is_asked_not_an_amount():
    from app.answers.question import facets_of

    # "补贴咨询电话是多少" holds 补贴…少 (the complaint "补贴太少" is an amount question); 多少 is not 少
    assert facets_of("残疾人生活补贴咨询电话是多少") == ["phone"]
    assert "amount" in facets_of("为什么我的补贴比别人少")


def test_a_name_for_several_items_answers_each(answers):
    # kind: 两项补贴 is two benefits — each one's amount, not the 变更/复核 item's sentence
    a = answers.answer("残疾人两项补贴一个月给多少钱")
    assert a.facet == "amount"
    assert {p.service_code for p in a.parts} == {"MZ-CJR-01", "MZ-CJR-02"}
    assert "130" in a.text and "低保标准" in a.text
    # the longer name of one item still wins the scan: 两项补贴复核 is the 复核 item alone
    assert answers.named_services("两项补贴复核") == ["MZ-CJR-03"]


def test_a_faq_about_the_items_together_answers_once(answers):
    # "能一起领吗" of two named items: the FAQ that speaks of both, once — not each item's conditions
    a = answers.answer("两项补贴能不能同时享受")
    assert a.text.startswith("可以") and len(a.parts) == 1
    # a FAQ about only some of the items named does not answer for all of them
    b = answers.answer("尊老金和困难残疾人生活补贴能同时领吗")
    assert not b.text.startswith("可以。符合条件的残疾人两项补贴")


def test_a_comparison_by_topic_words_answers_both_sides(answers):
    # kind: "A和B有什么区别" said with topic words (低保, 特困), not item names
    a = answers.answer("特困供养跟低保有啥不同")
    assert a.facet == "what"
    assert {p.service_code for p in a.parts} == {"MZ-TK-01", "MZ-DB-01"}
    # 低保 said apart from 低保边缘 is a side of its own
    b = answers.answer("低保边缘家庭和低保有什么区别")
    assert {p.service_code for p in b.parts} == {"MZ-DB-01", "MZ-DB-02"}


def test_can_it_be_done_on_a_day_is_an_hours_question():
    from app.answers.question import facets_of

    # "周六能办吗" asks about the day, not who qualifies
    assert facets_of("离婚登记星期六能办吗") == ["hours"]
    assert "hours" in facets_of("国庆节可以领结婚证吗")
    # …while "能一起办" of two acts stays what it was (no new conditions question)
    assert "conditions" not in facets_of("领完证能一起把户口迁了不")


def test_a_word_said_by_its_synonym_in_the_faq_counts(answers):
    # kind: the citizen's 周六 is the FAQ's 星期六 — the weekend FAQ, not "no hours in the KB"
    a = answers.answer("结婚登记礼拜六能不能办")
    assert a.facet == "hours" and a.status == "answered" and "周末" in a.text


def test_a_question_asking_no_point_is_not_answered_with_a_fee_faq(answers):
    # kind: "救助站能帮着找我爸吗" asks whether they help, not whether it costs money
    a = answers.answer("我爸出门走丢了，救助站能帮着找人吗")
    assert a.service_code == "MZ-LL-03" and not a.text.startswith("不收费")


def test_a_neighbour_faq_that_tells_the_whole_situation_is_taken(answers):
    # kind: 低保户 + a sudden big expense: 临时救助's FAQ tells it, not a 低保 FAQ on housing
    a = answers.answer("我家是低保户，孩子考上大学要交学费，有什么救助可以申请")
    assert a.service_code == "MZ-LSJZ-01" and "住房" not in a.text


def test_remarriage_and_waiting_after_divorce(answers):
    # kind: 复婚 is a marriage registration; remarrying needs no waiting period
    a = answers.answer("和前妻复婚要准备什么")
    assert a.service_code == "MZ-HY-01" and a.facet == "materials" and "身份证" in a.text
    b = answers.answer("离了婚多久以后可以再婚")
    assert b.service_code == "MZ-HY-01" and "不用等" in b.text


def test_the_topic_said_alone_leads_with_its_first_item(answers):
    # kind: "低保评得不公平…怎么举报" says 低保 and none of its items: the 低保 item, not 低保边缘's
    # because the post also says 有钱 (its FAQ "有钱拿吗")
    a = answers.answer("村里低保评得不公平，有钱人家都吃上低保了，去哪里举报")
    assert a.service_code == "MZ-DB-01"


def test_how_much_of_a_payment_is_never_answered_with_its_fee(answers):
    # kind: 多少钱 of a benefit asks what is paid; "收费：未见收费规定" answers another point. Where the
    # item has no amount of its own, the reply says the amount is not in the KB, never the fee
    a = answers.answer("尊老金补发多少钱")
    assert "收费" not in a.text
    assert a.facet == "amount"


def test_a_long_question_in_polite_frame_gets_the_faq_of_its_situation(answers):
    # kind: a situation (重大疾病 ~ the FAQ's 癌症) wrapped in 想了解一下 and 城镇居民: the FAQ that
    # answers the situation (the 低保边缘 重病 route), not the generic conditions
    a = answers.answer("想了解一下,城镇居民因患重大疾病,是否可以申请低保。")
    assert a.source is not None and a.source.kind == "faq" and a.service_code.startswith("MZ-DB")
    assert "单独" in a.text


def test_one_point_of_one_item_asked_in_two_clauses_is_answered_once(answers):
    # kind: a post of two clauses on the same worry (是真的吗？…怕被骗): one 怎么反映, from the FAQ
    a = answers.answer("这是真的吗?我捐了点,但又怕善心被欺骗。")
    points = [(p.service_code, p.facet) for p in a.parts if p.status == "answered"]
    assert len(points) == len(set(points))
    assert a.text.count("怎么反映") <= 1


def test_a_part_of_a_name_shared_with_another_item_does_not_name_this_one(answers):
    # kind: an item must not count as named by 养老机构 alone, which is also in 养老机构备案's name:
    # the word names the topic. The fee item is still named by its own words (养老院收费)
    eng = answers
    names = {n for n, c in eng._names if c == "MZ-YL-05"}
    assert "养老机构" not in names and "养老院" not in names
    assert eng.answer("养老院收费太贵了，找谁反映").service_code == "MZ-YL-05"


def test_applying_alone_names_the_single_person_item(answers):
    # kind: 单独提出低保申请 is the citizen's name for 单人保, not the household 低保 conditions
    a = answers.answer("哪些人员可以单独提出低保申请?")
    assert a.service_code == "MZ-DB-02" and "残疾" in a.text


def test_feelings_around_the_matter_do_not_hide_it(answers):
    # kind: a post tells its matter in one clause and adds feelings and asks around it; the KB has
    # no words for 不免令人心酸, and they must not make a matter the KB covers look unknown
    a = answers.answer("老人住在桥下,不免令人心酸,希望相关部门能行动起来,妥善安置这位老人。")
    assert a.service_code.startswith("MZ-LL") and a.status == "answered"
    # a post whose every clause is stray words is still said to be outside the KB
    b = answers.answer("今天天气不错，不免令人心酸，希望大家都好")
    assert b.status == "unsure"


def test_a_label_is_said_once(answers):
    # kind: a part whose text already opens with its label (收费：…) is not labelled twice
    a = answers.answer("医疗救助怎么申请，收费吗")
    assert a.text.count("收费：") == 1 and "：：" not in a.text


# ---- care-home neighbours, reports, qualifiers (issue 15, session 2026-12-03c)

def test_a_public_care_home_is_not_opening_one(answers):
    # kind: a name said only inside a longer word (办养老院 in 公办养老院) does not name the item
    a = answers.answer("我姥姥想住进公办养老院，得满足啥条件")
    assert a.service_code == "MZ-YL-06", a.text
    assert "备案" not in a.text and "登记管理机关" not in a.text
    assert answers.answer("我想自己开办养老院，要办什么手续").service_code == "MZ-YL-01"


def test_a_care_home_queue_is_not_its_fees(answers):
    # kind: near neighbours — getting into a home, not what it charges
    a = answers.answer("进养老院要排队多久，怎么报名")
    assert a.service_code == "MZ-YL-06", a.text
    assert "床位费、护理费按价格主管部门" not in a.text


def test_a_report_gets_the_rule_that_decides_it(answers):
    # kind: complaints get the rule and who checks, not only "whom to tell"
    a = answers.answer("隔壁小区开了家养老院，好像没有备案，可以举报吗")
    assert a.service_code == "MZ-YL-01" and a.facet == "complaint"
    assert a.source and a.source.kind == "faq", a.text
    assert "备案" in a.text and "监督检查" in a.text
    assert "有疑问或要反映问题" not in a.text


def test_a_statement_is_not_answered_with_a_yes(answers):
    # kind: a FAQ's 可以。 answers the yes/no question it was written for, not a statement
    a = answers.answer("我们村口有人开了个无证养老院")
    assert not a.text.startswith(("可以。", "能。", "不能。")), a.text


def test_the_qualifier_asked_is_answered(answers):
    # kind: qualifiers ignored (非户籍, 不会用电脑) — the point that changes the answer gets its part
    a = answers.answer("户口在盐城，人在无锡住，持居住证，低保可以在无锡申请吗")
    assert a.service_code == "MZ-DB-01"
    assert "居住地" in a.text, a.text
    b = answers.answer("老人想排队进养老院，家里没人会用电脑，怎么申请")
    assert b.service_code == "MZ-YL-06"
    assert "亲友" in b.text or "工作人员" in b.text, b.text


def test_says_ignores_a_phrase_inside_a_longer_kb_word(answers):
    assert not answers.says("想住公办养老院", "办养老院")
    assert answers.says("我想办养老院", "办养老院")
    assert answers.says("他是五保户", "五保")  # a word that extends the phrase still says it


def test_a_faq_for_a_certificate_holder_is_not_said_to_someone_without_one(answers):
    # kind: a neighbouring FAQ chosen whole — its premise (办了一级残疾证) is not the asker's
    a = answers.answer("老伴瘫在床上好多年了，能不能领护理补贴")
    assert a.service_code == "MZ-CJR-02"
    assert "符合基本条件" not in a.text, a.text
    assert "一级、二级" in a.text or "一级或二级" in a.text
    b = answers.answer("我婆婆卧床不起，还没办过残疾证，护理补贴能申请吗")
    assert "残联" in b.text and "符合基本条件" not in b.text, b.text
    c = answers.answer("我爸中风瘫痪，办了一级残疾证，有没有护理补贴")
    assert c.service_code == "MZ-CJR-02" and "130" in c.text


def test_a_comparison_says_what_each_side_is_in_the_order_asked(answers):
    # kind: near neighbours — a comparison answered with one side, or with a FAQ about taking both
    a = answers.answer("生活补贴跟护理补贴是一回事吗")
    assert [p.service_code for p in a.parts] == ["MZ-CJR-01", "MZ-CJR-02"], a.text
    assert "同时领" not in a.text
    b = answers.answer("低保和特困供养到底有啥区别")
    assert [p.service_code for p in b.parts][:2] == ["MZ-DB-01", "MZ-TK-01"], b.text
    # the pair said as one (两项补贴) is no comparison of one against the other
    c = answers.answer("残疾人两项补贴各省标准都一样吗")
    assert "是什么" not in c.text and c.facet == "amount", c.text


def test_a_verdict_word_of_a_faq_is_not_said_to_another_kind_of_question(answers):
    # 不一样。/ 不算。/ 差不多， open FAQ answers written for a yes/no question
    a = answers.answer("离婚冷静期一共多少天")
    assert "30日" in a.text and not a.text.startswith(("不算", "算")), a.text
    b = answers.answer("残疾人生活补贴每个月发多少")
    assert not b.text.startswith(("不一样", "一样")), b.text


def test_the_faq_for_the_askers_household_status_answers_them(answers):
    # kind: person ignored — a 五保户 asking about 残疾人生活补贴 gets the rule for 特困供养 people,
    # not the general conditions (which would tell them they qualify)
    a = answers.answer("五保户还能领残疾人生活补贴吗")
    assert a.service_code == "MZ-CJR-01" and "特困" in a.text and "不享受" in a.text
    # a status that is the item's own subject is no premise: 什么是特困人员 is not asked by a 五保户
    what = answers.answer("什么是特困人员")
    assert what.service_code == "MZ-TK-01" and what.facet == "what" and "终止" not in what.text


def test_the_first_step_says_every_way_to_apply(answers):
    # kind: an elder who cannot use the app must hear where to go too
    for q in ("如何申领尊老金", "尊老金咋领"):
        a = answers.answer(q)
        assert a.facet == "how" and a.service_code == "MZ-ZLJ-01", q
        first = a.text.split("2. ")[0]
        assert "苏服办" in first and "社区居委会" in first, q


def test_a_report_of_an_unlicensed_home_gets_the_rule_and_who_checks(answers):
    # kind: near neighbours confused — an unlicensed 养老院/托老所 told without 举报 is a report on
    # an institution (养老机构备案's report FAQ), not the 居家养老 item's whom-to-tell line
    for q in ("小区里有人开了个养老院，什么证照都没有，也没有消防设施，老人太危险了",
              "我们楼下有个无证的托老所，能举报吗"):
        a = answers.answer(q)
        assert a.service_code == "MZ-YL-01" and a.facet == "complaint", (q, a.service_code)
        assert "备案" in a.text and "民政部门" in a.text, q


def test_a_keyword_told_with_words_between_still_names_its_item(answers):
    # kind: side clause — a story of a 低保 cancelled ("他的低保因此被取消") that also tells of a
    # car accident's medical bills is about the 低保 decision, not 医疗救助
    a = answers.answer("他前几年出车祸花了很多医疗费，后来街道给他办了低保，查到他名下有辆旧车，他的低保因此被取消。")
    assert a.service_code == "MZ-DB-03", (a.service_code, a.text)


def test_a_fee_complaint_in_other_words_gets_the_pricing_rule(answers):
    # kind: a neighbouring line chosen — 高收费 / 收费太高 are the citizen's 乱收费: the item's FAQ
    # with the pricing rule, not the bare whom-to-tell line; a bare 找谁 after it asks whom to tell,
    # which that FAQ says (no separate phone part)
    a = answers.answer("村里的公益性公墓高收费，是否违规？")
    assert a.service_code == "MZ-BZ-04" and "政府定价" in a.text
    b = answers.answer("养老院收费太高了，找谁")
    assert b.facet == "complaint" and len(b.parts) == 1 and "明码标价" in b.text


def test_whom_to_ask_names_the_office_when_the_kb_has_no_number(answers):
    a = answers.answer("低保的事找谁")
    assert a.facet == "phone" and "乡镇" in a.text and "12345" in a.text


def test_when_a_local_facility_will_open_is_honestly_not_known(answers):
    # kind: the KB lacks the fact (a local plan) — say so and whom to ask, not the item's summary
    a = answers.answer("我们这边什么时候能有老年助餐点，老人多")
    assert a.facet == "plan" and a.status == "unsure" and "12345" in a.text
    assert "助餐点8145个" not in a.text
    # the time a payment takes is still a time question
    assert answers.answer("尊老金什么时候能到账").facet == "time"


def test_a_point_asked_outright_is_not_replaced_by_a_faq_on_another_point(answers):
    # kind: a neighbouring FAQ chosen whole — a FAQ told like the asker's story (我爸85了…) but
    # about applying is no answer to 一个月多少
    a = answers.answer("我爸今年85了，户口在常州，尊老金一个月多少")
    assert a.facet == "amount" and a.source.url.endswith("#amounts"), a.source


def test_money_a_founder_must_have_and_a_qualification_are_their_points(answers):
    a = answers.answer("成立一个社会团体需要多少注册资金")
    assert a.facet == "amount" and a.service_code == "MZ-SHZZ-01" and "3万元" in a.text
    b = answers.answer("慈善募捐需要什么资格")
    assert b.facet == "conditions" and b.service_code == "MZ-CS-02"


def test_working_away_from_home_is_the_non_local_qualifier(answers):
    a = answers.answer("在外地打工能在打工地申请低保吗")
    assert a.service_code == "MZ-DB-01" and "居住地" in a.text


def test_a_certificate_another_body_issues_is_answered_as_such(answers):
    # kind: near neighbours — 残疾证怎么办 asks for the certificate (残联), not the subsidy's steps
    a = answers.answer("残疾证怎么办")
    assert "残联" in a.text and "1. 提出申请" not in a.text
    assert answers.answer("办残疾证去哪里").facet == "where"


def test_whether_one_may_move_into_a_home_is_a_condition_of_entry(answers):
    a = answers.answer("能到养老院住吗")
    assert a.facet == "conditions" and a.service_code == "MZ-YL-06"


def test_who_does_not_get_it_is_its_own_point(answers):
    # kind: right item, another point — 哪些情况不能享受 asks the exclusions, not who qualifies
    a = answers.answer("什么人不能享受护理补贴")
    assert a.facet == "exclusion" and "特困" in a.text and "不享受" in a.text
    # where the KB states none, it says so instead of giving the eligibility rule
    b = answers.answer("哪些情形不予临时救助")
    assert b.facet == "exclusion" and b.status == "unsure" and "12345" in b.text
