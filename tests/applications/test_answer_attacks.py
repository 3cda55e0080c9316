"""Every field of every online form attacked with what a browser or a script can send: null,
a missing key, wrong types and huge values. None of them may be stored, and never as the text
"None"; each gets a clear Chinese message. The Reflex handler is driven too, with the shapes the
page's form can produce (``answer: null`` was the 申请人的姓名 "None" bug)."""

from __future__ import annotations

import math
from datetime import UTC, date
from types import SimpleNamespace

import pytest
from sqlmodel import Session

from app.applications import service as apps
from app.applications.eligibility import check_application, full_years
from app.applications.forms import SPECIFIC, WRONG_TYPE, check_answer, questions_for
from app.applications.models import Application
from tests.idnumbers import make_id

CODES = ["MZ-ZLJ-01", *[c for c in SPECIFIC if c != "MZ-ZLJ-01"], "MZ-HY-01"]
ALL_QUESTIONS = sorted({(c, q.key): q for c in CODES for q in questions_for(c)}.items())
ATTACKS = {
    "null": None,
    "empty": "",
    "spaces": "   \u3000 ",
    "word None": "None",
    "word null": "null",
    "undefined": "undefined",
    "list": ["王秀英"],
    "dict": {"value": "王秀英"},
    "bool": True,
    "nan": math.nan,
    "inf": math.inf,
    "huge": "8" * 100_000,
    "huge text": "王" * 5_000,
}
CHINESE = "\u4e00-\u9fa5"


def _is_plain_chinese(msg: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fa5" for ch in msg) and "None" not in msg and "Traceback" not in msg


@pytest.mark.parametrize("attack", ATTACKS, ids=str)
@pytest.mark.parametrize("item", ALL_QUESTIONS, ids=lambda i: f"{i[0][0]}-{i[0][1]}")
def test_check_answer_refuses_every_attack(item, attack):
    (_code, _key), q = item
    got = check_answer(q, ATTACKS[attack])
    assert got.value in (None, "") and got.masked is None
    if q.required:
        assert got.error and _is_plain_chinese(got.error), got
    if attack in ("list", "dict", "bool", "nan", "inf"):
        assert got.error == WRONG_TYPE
    if attack.startswith("huge"):
        assert "太长" in got.error or "位" in got.error or "选项" in got.error or "数字" in got.error


def test_null_is_empty_never_the_text_none():
    name = questions_for("MZ-ZLJ-01")[0]
    assert check_answer(name, None).error == "请填写“申请人的姓名”。"
    assert check_answer(name, "None").error == "请填写“申请人的姓名”。"
    assert check_answer(name, "王秀英").value == "王秀英"


def test_identifiers_are_normalised_first():
    qs = {q.key: q for q in questions_for("MZ-ZLJ-01")}
    idn = make_id("320102", "19420305", "031")
    full_width = idn.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert check_answer(qs["id_number"], full_width).value == idn
    assert check_answer(qs["id_number"], " ".join([idn[:6], idn[6:14], idn[14:]])).value == idn
    assert check_answer(qs["bank_card"], "６２２２ ０２１２ ３４５６ ７８９０ １２３").value == "6222021234567890123"
    assert check_answer(qs["phone"], "１３８ ００１３ ８０００").value == "13800138000"
    assert check_answer(qs["phone"], "+86 138-0013-8000").value == "13800138000"


def test_landline_is_a_contact_phone():
    phone = {q.key: q for q in questions_for("MZ-ZLJ-01")}["phone"]
    got = check_answer(phone, "025-83201234")
    assert got.value == "02583201234" and got.masked == "025****1234"
    assert check_answer(phone, "0518-8523456").value == "05188523456"
    assert "固定电话" in check_answer(phone, "83201234").error


def test_numbers_as_json_numbers_and_nonsense():
    size = {q.key: q for q in questions_for("MZ-DB-01")}["household_size"]
    assert check_answer(size, 3).value == "3"
    assert check_answer(size, "３").value == "3"
    assert "数字" in check_answer(size, "nan").error or "请填写" in check_answer(size, "nan").error
    assert "之间" in check_answer(size, "1e9").error or "数字" in check_answer(size, "1e9").error
    assert "之间" in check_answer(size, "999").error


def test_whose_details_each_question_wants():
    qs = {q.key: q for q in questions_for("MZ-ZLJ-01")}
    assert "老人本人" in qs["name"].whose and "老人本人" in qs["id_number"].whose
    assert "家人" in qs["phone"].whose
    assert "残疾人本人" in {q.key: q for q in questions_for("MZ-CJR-02")}["bank_card"].whose


@pytest.mark.parametrize("attack", ATTACKS, ids=str)
def test_service_stores_nothing_for_an_attack(engine, kb, citizen, attack):
    app = apps.start(engine, kb, citizen, "MZ-DB-01")
    for q in questions_for("MZ-DB-01"):
        err = apps.save_answer(engine, citizen, app.id, q.key, ATTACKS[attack])
        assert err and _is_plain_chinese(err), (q.key, err)
    for bad_key in (None, 3, ["name"], "nope"):
        with pytest.raises(apps.ApplicationError):
            apps.save_answer(engine, citizen, app.id, bad_key, "王秀英")
    with Session(engine) as s:
        assert s.get(Application, app.id).answers == {}


# --- the Reflex handler, with the form shapes the page can send ------------------------------

def _handler_self(actor, app_id, key, step, total, masked=""):
    from app.ui.apply_state import ApplicationState

    return SimpleNamespace(_actor=lambda: actor, router=SimpleNamespace(url=SimpleNamespace(path="/application/1")),
                           q_saved_masked=masked, q_key=key, q_kind="text", app_id=app_id, step=step,
                           total=total, returning=False, error="", errors=[], q_value="",
                           _cls=ApplicationState)


@pytest.mark.parametrize("form", [{"answer": None}, {}, None, {"answer": ["王秀英"]}, {"answer": {"a": 1}},
                                  {"answer": "None"}, {"answer": "王" * 100_000}, "answer=王秀英"],
                         ids=["null", "missing", "no form", "list", "dict", "word None", "huge", "string form"])
def test_apply_state_save_never_stores_a_bad_answer(engine, kb, citizen, monkeypatch, form):
    import app.ui.apply_state as st

    monkeypatch.setattr(st, "engine", lambda: engine)
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    fake = _handler_self(citizen, app.id, "name", 0, 5)
    st.ApplicationState.save.fn(fake, form)
    assert fake.error and _is_plain_chinese(fake.error)
    assert fake.errors and fake.errors[0].url == "#answer"
    with Session(engine) as s:
        assert "name" not in s.get(Application, app.id).answers


def test_apply_state_save_keeps_a_good_answer_and_returns_to_check(engine, kb, citizen, monkeypatch):
    import app.ui.apply_state as st

    monkeypatch.setattr(st, "engine", lambda: engine)
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    fake = _handler_self(citizen, app.id, "name", 0, 5)
    fake.returning = True
    out = st.ApplicationState.save.fn(fake, {"answer": " 王秀英 "})
    assert fake.error == "" and "step=check" in str(out)
    with Session(engine) as s:
        assert s.get(Application, app.id).answers["name"] == "王秀英"


# --- eligibility before submit: the same rule as 测一测 --------------------------------------

def test_born_1950_cannot_submit_zunlaojin_in_2026(engine, kb, citizen):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    young = make_id("320102", "19500601", "031")
    for k, v in {"name": "张三", "id_number": young, "hukou_city": "南京市", "phone": "13812345678",
                 "bank_card": "6222021234567890123"}.items():
        assert apps.save_answer(engine, citizen, app.id, k, v) is None
    got = check_application("MZ-ZLJ-01", apps.get(engine, citizen, app.id).answers, today=date(2026, 12, 1))
    assert got.stop and got.result.headline == "现在还不能领取" and "76周岁" in got.result.reasons[0]
    with pytest.raises(apps.ApplicationError, match="现在还不能领取"):
        apps.submit(engine, citizen, app.id, "k")


def test_application_check_agrees_with_the_questionnaire():
    from app.applications.eligibility import evaluate

    today = date(2026, 12, 1)
    for born, band in ((date(1947, 12, 2), "不到79周岁"), (date(1947, 1, 1), "79周岁"),
                       (date(1940, 1, 1), "80—99周岁"), (date(1920, 1, 1), "100周岁及以上")):
        age = full_years(born, today)
        form = check_application("MZ-ZLJ-01", {"_birth_date": born.isoformat(), "hukou_city": "南京市"}, today)
        quiz = evaluate("MZ-ZLJ-01", {"hukou": "是", "age": band})
        assert (form.result.verdict if form else "yes") == quiz.verdict, (age, band)
    outside = check_application("MZ-ZLJ-01", {"_birth_date": "1940-01-01", "hukou_city": "江苏省外"}, today)
    assert outside.stop and outside.result.verdict == "no"
    zj = check_application("MZ-ZLJ-01", {"_birth_date": "1947-01-01", "hukou_city": "镇江市"}, today)
    assert not zj.stop and zj.result.verdict == "maybe"


def test_check_page_reveals_only_to_the_person_who_typed(engine, kb, citizen, other_citizen, staff):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    idn = make_id("320102", "19420305", "031")
    apps.save_answer(engine, citizen, app.id, "id_number", idn)
    a = apps.get(engine, citizen, app.id)
    mine = dict((k, v) for k, _l, v in apps.shown_answers(a, reveal_to=citizen))
    staff_view = dict((k, v) for k, _l, v in apps.shown_answers(a, reveal_to=staff))
    default = dict((k, v) for k, _l, v in apps.shown_answers(a))
    assert mine["id_number"] == idn
    assert staff_view["id_number"] == default["id_number"] == idn[:4] + "*" * 10 + idn[-4:]


def test_reference_uses_the_beijing_date(engine, kb, citizen, monkeypatch):
    from datetime import datetime

    monkeypatch.setattr(apps, "_now", lambda: datetime(2026, 12, 1, 17, 30, tzinfo=UTC))  # 01:30 on 2 Dec in Beijing
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    for k, v in {"name": "张三", "id_number": make_id(), "hukou_city": "南京市", "phone": "13812345678",
                 "bank_card": "6222021234567890123"}.items():
        assert apps.save_answer(engine, citizen, app.id, k, v) is None
    assert apps.submit(engine, citizen, app.id, "k").ref.startswith("MZ20261202")


def test_sign_in_phone_is_offered(engine, citizen):
    assert apps.sign_in_phone(engine, citizen) == "13812345678"
