"""The hand-written data of the turn-by-turn 政策计算器 (discover_form): its intent is taught only
with what-can-I-get questions (the very ones the answer engine itself reads as 政策找人), no example
teaches two intents, every question of the form has its response with answer buttons, and the
rules start and finish the form. Pure: reads bot/ files, no Rasa."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from app.answers.discover import asks_what_i_can_get
from app.answers.question import parse
from app.chat import training_data as td
from app.chat.calculator_answers import read_answer

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
INTENT = "ask_what_i_can_get"
FORM = "discover_form"


def _examples(nlu: list[dict]) -> dict[str, list[str]]:
    ann = re.compile(r"\[([^\]]+)\]\{[^}]*\}")
    return {b["intent"]: [ann.sub(r"\1", x[2:].strip()) for x in b["examples"].splitlines() if x.strip()]
            for b in nlu if "intent" in b}


def test_the_intent_is_taught_with_what_can_i_get_questions_only(kb):
    mine = _examples(yaml.safe_load((BOT / "data" / "nlu.yml").read_text(encoding="utf-8"))["nlu"])
    examples = mine[INTENT]
    assert len(examples) >= 30 and len(set(examples)) == len(examples)
    names = tuple(td.city_names())
    for e in examples:  # NLU and the answer engine agree on what such a question is
        assert asks_what_i_can_get(parse(e), names), e
    generated = _examples(yaml.safe_load(td.render_nlu(td.build(kb)))["nlu"])
    for intent, other in {**mine, **generated}.items():
        if intent != INTENT:
            assert not set(other) & set(examples), (intent, set(other) & set(examples))
    # some examples carry facts, which the form then does not ask again
    prefilled = [e for e in examples if read_answer(e)["fields"]]
    assert len(prefilled) >= 5, prefilled


def test_every_question_of_the_form_has_its_response_with_answer_buttons():
    domain = yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))
    assert INTENT in domain["intents"]
    slots = domain["forms"][FORM]["required_slots"]
    assert slots == ["fact_age", "fact_hukou", "fact_disability", "fact_household"]
    assert {"validate_discover_form", "action_discover_results"} <= set(domain["actions"])
    for slot in [*slots, "fact_disability_grade", "fact_stopped"]:
        assert domain["slots"][slot]["influence_conversation"] is False, slot
    for slot in [*slots, "fact_disability_grade"]:
        (resp,) = domain["responses"][f"utter_ask_{FORM}_{slot}"]
        payloads = [b["payload"] for b in resp["buttons"]]
        assert "不知道" in payloads, slot  # every question can be skipped
        for p in payloads:  # every button's answer is one the app reads
            status = read_answer(p, {"fact_disability_grade": "disability"}.get(slot, slot[5:]))["status"]
            assert status in ("answer", "skip", "stop"), (slot, p, status)
    hukou = [b["payload"] for b in domain["responses"][f"utter_ask_{FORM}_fact_hukou"][0]["buttons"]]
    from app.knowledge.schema import CITIES

    assert [c[:-1] for c in CITIES] == hukou[:13] and "外省" in hukou


def test_the_rules_start_the_form_finish_it_and_hand_over_from_it():
    rules = yaml.safe_load((BOT / "data" / "discover.yml").read_text(encoding="utf-8"))["rules"]
    start, finish = rules
    assert start["steps"] == [{"intent": INTENT}, {"action": FORM}, {"active_loop": FORM}]
    assert finish["condition"] == [{"active_loop": FORM}] and finish["steps"][-1] == {"action": "action_discover_results"}
    handoff = yaml.safe_load((BOT / "data" / "handoff.yml").read_text(encoding="utf-8"))["rules"]
    assert any(r.get("condition") == [{"active_loop": FORM}] and r["steps"][0] == {"intent": "ask_human"}
               for r in handoff)
