"""The bot's service/FAQ training data is generated from the knowledge base (one source of truth)."""

from __future__ import annotations

import re

import yaml

from app.chat import training_data as td

ANNOTATION = re.compile(r"\[([^\]]+)\]\{([^}]*)\}")


def test_every_topic_has_an_intent_taught_by_its_faqs_services_and_policies(kb, tmp_path):
    info = td.generate(kb, tmp_path)
    nlu = yaml.safe_load((tmp_path / "data" / "nlu_kb.yml").read_text(encoding="utf-8"))["nlu"]
    examples = {b["intent"]: b["examples"] for b in nlu if "intent" in b}
    assert info["intents"] == len(kb.topics) == 16
    assert set(examples) == {td.topic_intent(tf.abbreviation) for tf in kb.topics.values()}
    g = td.build(kb)
    for code, svc in kb.services.items():
        intent = td.topic_intent(kb.topics[kb.service_topic[code]].abbreviation)
        assert td.guide_key(code) in g.intents[intent]
        assert all(td.faq_key(code, n) in g.intents[intent] for n in range(1, len(svc.faqs) + 1))
    assert sum(len(v) for v in g.examples.values()) == info["examples"] > 2000


def test_examples_come_from_the_kb_and_teach_one_topic_each(kb):
    g = td.build(kb)
    seen: dict[str, str] = {}
    faq_questions = {td.clean(f.q).replace(" ", "") for f in kb.faqs}
    n_faq_examples = 0
    for label, examples in g.examples.items():
        for e in examples:
            plain = ANNOTATION.sub(r"\1", e)
            assert plain not in seen, f"{plain!r} under {label} and {seen.get(plain)}"
            seen[plain] = label
            n_faq_examples += plain in faq_questions
    assert n_faq_examples >= 0.95 * len(kb.faqs)  # (a few FAQ questions repeat across items)


def test_context_entities_cover_the_13_cities_ages_and_relations(kb, tmp_path):
    from app.knowledge.schema import CITIES

    td.generate(kb, tmp_path)
    nlu = yaml.safe_load((tmp_path / "data" / "nlu_kb.yml").read_text(encoding="utf-8"))["nlu"]
    lookups = {b["lookup"]: b["examples"] for b in nlu if "lookup" in b}
    synonyms = {b["synonym"]: b["examples"] for b in nlu if "synonym" in b}
    regexes = {b["regex"]: b["examples"] for b in nlu if "regex" in b}
    for city in CITIES:  # every 设区市, by its full and its short name, mapped to the full name
        assert f"- {city}" in lookups["city"] and f"- {city[:-1]}" in lookups["city"]
        assert synonyms[city].strip() == f"- {city[:-1]}"
    assert "- 我妈" in lookups["for_whom"]
    ages = [r.strip("- ") for r in regexes["age"].splitlines() if r.strip()]
    for said, hit in (("我妈81岁了", "81岁"), ("老人八十五周岁", "八十五周岁"), ("今年 92 岁", "92 岁")):
        assert any(re.search(a, said) and re.search(a, said).group(0) == hit for a in ages), said
    assert not any(re.search(a, "户口在苏州") for a in ages)
    # Rasa's RegexEntityExtractor only uses patterns of entities annotated somewhere in the data
    text = (tmp_path / "data" / "nlu_kb.yml").read_text(encoding="utf-8")
    for entity in ("city", "age", "for_whom", "service"):
        assert f'"entity": "{entity}"' in text, entity
    g = td.build(kb)
    assert set(g.cities) <= set(g.userdict) and set(td.RELATIONS) <= set(g.userdict)  # one jieba token each


def test_service_entities_map_aliases_to_item_codes(kb):
    g = td.build(kb)
    values = set()
    for examples in g.examples.values():
        for e in examples:
            for text, meta in ANNOTATION.findall(e):
                if '"entity": "service"' not in meta:
                    continue
                m = re.search(r'"value": "([^"]+)"', meta)
                assert m and m.group(1) in kb.services, meta
                values.add(m.group(1))
                assert text in g.userdict, f"{text} must be one jieba token"
    assert values == set(kb.services)


def test_no_answer_texts_are_trained_the_answer_engine_chooses(kb, tmp_path):
    td.generate(kb, tmp_path)
    domain = yaml.safe_load((tmp_path / "domain" / "kb.yml").read_text(encoding="utf-8"))
    assert "responses" not in domain and len(domain["intents"]) == len(kb.topics)
    nlu = (tmp_path / "data" / "nlu_kb.yml").read_text(encoding="utf-8")
    assert "/mz_" not in nlu  # no retrieval intents (no ResponseSelector)


def test_rules_send_every_topic_to_the_answer_action(kb, tmp_path):
    td.generate(kb, tmp_path)
    rules = yaml.safe_load((tmp_path / "data" / "rules_kb.yml").read_text(encoding="utf-8"))["rules"]
    assert {r["steps"][0]["intent"] for r in rules} == {td.topic_intent(tf.abbreviation) for tf in kb.topics.values()}
    assert all(r["steps"][1]["action"] == "action_answer" for r in rules)


def test_generation_is_deterministic_and_rewrites_only_changes(kb, tmp_path):
    first = td.generate(kb, tmp_path)
    stamp = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    again = td.generate(kb, tmp_path)
    assert first["changed"] and again["changed"] == []
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == stamp


def test_cli_writes_the_generated_folder(tmp_path):
    from app.cli import main

    assert main(["bot", "generate", str(tmp_path / "gen"), "--json"]) == 0
    for rel in ("data/nlu_kb.yml", "data/rules_kb.yml", "domain/kb.yml", "domain/conversation.yml",
                "jieba/userdict.txt"):
        assert (tmp_path / "gen" / rel).exists(), rel


def test_the_fixed_responses_name_the_configured_hotline(kb, tmp_path):
    """bot/domain.yml writes the mark, never the number; the generated domain Rasa trains on
    carries Settings.hotline (HOTLINE), and another number changes the file (so Rasa retrains)."""
    from app.core.config import HOTLINE_MARK, hotline_number
    from app.core.config import ROOT as REPO

    source = REPO / "bot" / "domain.yml"
    text = source.read_text(encoding="utf-8")
    assert HOTLINE_MARK in text and hotline_number() not in text
    td.generate(kb, tmp_path, source)
    built = (tmp_path / "domain" / "conversation.yml").read_text(encoding="utf-8")
    assert HOTLINE_MARK not in built and built == text.replace(HOTLINE_MARK, hotline_number())
    responses = yaml.safe_load(built)["responses"]
    assert f"拨打 {hotline_number()} 政务服务便民热线" in responses["utter_goodbye"][0]["text"]
    assert f"或拨打 {hotline_number()}。" in responses["utter_iamabot"][0]["text"]
    info = td.generate(kb, tmp_path, source, hotline="96000")
    assert info["changed"] == ["domain/conversation.yml"]
    assert "拨打 96000 政务服务便民热线" in (tmp_path / "domain" / "conversation.yml").read_text(encoding="utf-8")
