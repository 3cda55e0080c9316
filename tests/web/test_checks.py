"""测一测 and the 政策计算器 rendered on the server (app/web/checks.py) and posted without
JavaScript through the middleware (app/api/prerender.py); the guide's city picker as a plain form."""

from __future__ import annotations

from html import escape

import pytest
from starlette.testclient import TestClient

from app.applications.eligibility import CHECKS, evaluate
from app.eligibility import match, parse_facts
from app.web import calculator_text as T
from app.web import check_text as C
from app.web import checks, forms, render, views
from tests.web.test_render import assert_headings_in_order, fake_reflex, outline


@pytest.fixture()
def client():
    from app.api.prerender import prerender

    return TestClient(prerender(fake_reflex), base_url="http://127.0.0.1")


# ------------------------------------------------------------------------------ 测一测

@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_check_has_its_questions_in_a_post_form(code):
    r = render.eligibility(code)
    assert r.status == 200 and r.ready == "main form fieldset"
    assert f'<form method="post" action="/eligibility/{code}" novalidate>' in r.main
    for q in CHECKS[code].questions:
        assert f'<legend class="question">{escape(q.label)}</legend>' in r.main
        for o in q.options:
            assert f'value="{escape(o)}" id="q-{q.key}-{escape(o)}"' in r.main
    assert_headings_in_order(r.main)


def test_a_check_with_an_answer_missing_shows_the_error_summary_and_keeps_the_answers():
    r = render.eligibility("MZ-ZLJ-01", {"sent": "1", "hukou": "是"})
    assert r.title.startswith("错误：") and r.ready == "#error-summary"
    assert '<div id="error-summary" tabindex="-1" class="error-summary"><div role="alert">' in r.main
    assert '<a href="#q-age">请回答：老人今年多大年纪？</a>' in r.main
    assert 'id="q-age" class="field field-has-error" aria-describedby="q-age-error"' in r.main
    assert f'{forms.ERROR_PREFIX}</span>{C.CHOOSE_ONE}' in r.main
    assert 'value="是" id="q-hukou-是" class="radio" checked' in r.main  # kept
    assert 'id="q-hukou" class="field"' in r.main  # the answered one is not marked
    # nothing chosen at all: every question is named; an answer that is not an option counts as none
    r = render.eligibility("MZ-ZLJ-01", {"sent": "1", "hukou": "<script>", "age": "200"})
    assert r.main.count("请回答：") == 2 and "<script>" not in r.main


def test_a_checks_result_is_the_domains_with_materials_and_links():
    answers = {"hukou": "是", "age": "80—99周岁"}
    r = render.eligibility("MZ-ZLJ-01", {"sent": "1", **answers})
    want = evaluate("MZ-ZLJ-01", answers)
    assert r.title.startswith("结果：") and r.ready == "#result-heading:not(:empty)"
    assert f'class="result-yes">{escape(want.headline)}</h2>' in r.main and C.VERDICT["yes"] in r.main
    for reason in want.reasons:
        assert escape(reason) in r.main
    assert 'href="/apply/MZ-ZLJ-01"' in r.main and 'href="/eligibility/MZ-ZLJ-01">重新回答' in r.main
    no = render.eligibility("MZ-DB-01", {"income": "高于当地低保标准", "assets": "没有", "illness": "否"})
    assert C.NEXT_IF_NO in no.main and "/apply/" not in no.main and 'href="/services/MZ-DB-02"' in no.main
    assert_headings_in_order(no.main)


def test_an_unknown_check_is_a_kind_404():
    r = render.eligibility("NOPE")
    assert r.status == 404 and "没有找到这个测一测" in r.main


def test_the_reflex_state_reads_answers_with_the_same_reader():
    read = checks.read_check("MZ-CJR-01", {"certificate": "是", "level": "一级"})
    assert read.invalid == {"dibao", "tekun"} and [h for _m, h in read.errors] == ["#q-dibao", "#q-tekun"]


# ------------------------------------------------------------------------------ the calculator

def test_the_calculators_questions_are_a_post_form_with_every_field():
    r = render.calculator()
    assert r.ready == "#calc-form" and '<form method="post" action="/calculator" novalidate id="calc-form">' in r.main
    ids = outline(r.main).ids
    for f in checks.CALC_FIELDS:
        assert checks.CALC_FIELD_ID[f] in ids, f
    for _k, q in T.YES_NO_QUESTIONS:
        assert escape(q) in r.main
    assert "error-summary" not in r.main
    assert_headings_in_order(r.main)


@pytest.mark.parametrize("form, field", [
    ({"birth_date": "1945-02-30"}, "birth_date"),
    ({"birth_date": "2999-01-01"}, "birth_date"),
    ({"birth_date": "1945-03-01", "age": "50"}, "age"),
    ({"hukou": "火星"}, "hukou"),
    ({"hukou": "南京市", "county": "昆山市"}, "county"),
    ({"disability": "无", "grade": "1"}, "disability"),
])
def test_bad_calculator_answers_get_the_domains_message_linked_to_the_field(form, field):
    r = render.calculator({"sent": "1", **form})
    try:
        parse_facts(form)
    except Exception as err:  # noqa: BLE001 - the domain's own message
        message = err.message
    fid = checks.CALC_FIELD_ID[field]
    assert r.title.startswith("错误：") and r.ready == "#error-summary"
    assert f'<a href="#{fid}">{escape(message)}</a>' in r.main
    assert f'id="{fid}-error" class="field-error"' in r.main and 'aria-invalid="true"' in r.main
    for k, v in form.items():  # every answer kept
        if k in ("hukou", "disability") and v in dict(T.CITY_OPTIONS) | dict(T.DISABILITY_OPTIONS):
            assert f'value="{escape(v)}" selected' in r.main
        elif k not in ("hukou", "disability", "grade"):
            assert f'value="{escape(v)}"' in r.main


def test_the_calculators_results_are_the_matchers():
    form = {"sent": "1", "birth_date": "1940-03-01", "hukou": "苏州市", "living_alone": "是", "household": "不清楚"}
    r = render.calculator(form)
    results = match(views.kb(), parse_facts({k: v for k, v in form.items() if k != "sent" and v != "不清楚"}))
    assert r.title.startswith("结果：") and r.ready == "#calc-result"
    for m in results:
        assert f'data-code="{m.service_code}" data-verdict="{m.verdict}"' in r.main
    likely = [m for m in results if m.verdict == "likely"]
    assert likely and T.RESULT_COUNT.format(likely=len(likely), maybe=sum(m.verdict == "maybe" for m in results)) in r.main
    zlj = next(m for m in results if m.service_code == "MZ-ZLJ-01")
    if zlj.automatic:  # 苏州 pays 尊老金 without an application
        assert escape(zlj.automatic.payment) in r.main
    # 改一改回答 posts the answers back (never in an address) and gets the questions filled in
    assert '<input type="hidden" name="birth_date" value="1940-03-01"/>' in r.main
    again = render.calculator({"edit": "1", "birth_date": "1940-03-01", "hukou": "苏州市"})
    assert 'value="1940-03-01"' in again.main and 'value="苏州市" selected' in again.main
    assert "error-summary" not in again.main and again.ready == "#calc-form"
    assert_headings_in_order(r.main)


# ------------------------------------------------------------------------------ served

def test_the_forms_are_served_in_the_shell_and_posts_answer_a_page_of_their_own(client):
    res = client.get("/calculator")
    assert res.status_code == 200 and 'data-mz-ready="#calc-form"' in res.text and "prerender.js" in res.text
    res = client.get("/eligibility/MZ-ZLJ-01")
    assert res.status_code == 200 and "老人的户口在江苏吗？" in res.text
    assert client.get("/eligibility/NOPE").status_code == 404
    res = client.post("/eligibility/MZ-ZLJ-01", data={"sent": "1", "hukou": "是", "age": "100周岁及以上"})
    assert res.status_code == 200 and "符合尊老金的领取条件" in res.text and res.headers["cache-control"] == "no-store"
    assert "prerender.js" not in res.text and "window.x" not in res.text  # no hand-over: a page of its own
    assert "HEADER" in res.text and "FOOTER" in res.text
    res = client.post("/calculator", data={"sent": "1", "age": "abc"})
    assert res.status_code == 200 and "年龄请填" in res.text and 'value="abc"' in res.text
    res = client.post("/calculator?mode=elder", data={"sent": "1", "age": "85", "hukou": "南京市"})
    assert 'class="elder"' in res.text and 'id="calc-result"' in res.text
    assert client.post("/calculator", data={"age": "1" * 20000}).status_code == 413
    assert client.post("/eligibility/NOPE", data={"sent": "1"}).status_code == 404


# ------------------------------------------------------------------------------ the city picker

def test_the_guide_has_a_city_picker_that_works_as_a_plain_form(kb=None):
    r = render.guide("MZ-ZLJ-01", "无锡市")
    assert '<form class="city-picker" method="get" action="/services/MZ-ZLJ-01">' in r.main
    assert '<option value="无锡市" selected>' in r.main and "<noscript><button" in r.main
    assert f'<label for="city" class="city-label">{views.guide_city_label(views.kb().services["MZ-ZLJ-01"])}' in r.main


def test_a_city_asked_in_the_address_is_shown_and_remembered(client):
    res = client.get("/services/MZ-ZLJ-01", params={"city": "常州市"})
    assert "mz_city=%E5%B8%B8%E5%B7%9E%E5%B8%82; Path=/; Max-Age=31536000; SameSite=Lax" in res.headers["set-cookie"]
    assert '<option value="常州市" selected>' in res.text
    assert client.cookies.get("mz_city")
    assert '<option value="常州市" selected>' in client.get("/services/MZ-DB-01").text  # remembered
    res = client.get("/services/MZ-ZLJ-01", params={"city": ""})  # 不选: forgotten
    assert "Max-Age=0" in res.headers["set-cookie"] and "selected" not in res.text.split("city-select", 1)[1][:900]
    assert "set-cookie" not in client.get("/services/MZ-ZLJ-01").headers
    assert "Max-Age=0" in client.get("/services/MZ-ZLJ-01", params={"city": "<b>"}).headers["set-cookie"]


def test_the_form_texts_mirror_the_reflex_forms():
    from app.ui import city_components, text

    assert (forms.ERROR_SUMMARY_TITLE, forms.ERROR_PREFIX) == (text.ERROR_SUMMARY_TITLE, text.ERROR_PREFIX)
    assert (city_components.NO_CITY, city_components.CITY_COOKIE) == (render.NO_CITY, render.CITY_COOKIE)
