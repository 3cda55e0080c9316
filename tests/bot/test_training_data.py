"""The bot's service/FAQ training data is generated from the knowledge base (one source of truth)."""

from __future__ import annotations

import re

import yaml

from app.chat import training_data as td

ANNOTATION = re.compile(r"\[([^\]]+)\]\{([^}]*)\}")


def test_every_topic_faq_service_and_policy_has_a_label(kb, tmp_path):
    info = td.generate(kb, tmp_path)
    nlu = yaml.safe_load((tmp_path / "data" / "nlu_kb.yml").read_text(encoding="utf-8"))["nlu"]
    labels = {b["intent"] for b in nlu if "intent" in b}
    assert info["intents"] == len(kb.topics) == 16
    for code, svc in kb.services.items():
        intent = td.topic_intent(kb.topics[kb.service_topic[code]].abbreviation)
        assert f"{intent}/{td.guide_key(code)}" in labels
        for n in range(1, len(svc.faqs) + 1):
            assert f"{intent}/{td.faq_key(code, n)}" in labels, (code, n)
    # A policy whose title is another topic's policy too (社会救助暂行办法 …) teaches only the first.
    policy_labels = [f"{td.topic_intent(kb.topics[topic].abbreviation)}/{td.policy_key(pid)}"
                     for pid, (_pol, topic) in kb.policies.items()]
    assert sum(label in labels for label in policy_labels) >= 0.8 * len(policy_labels)


def test_examples_come_from_the_kb_and_teach_one_label_each(kb):
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


def test_service_entities_map_aliases_to_item_codes(kb):
    g = td.build(kb)
    values = set()
    for examples in g.examples.values():
        for e in examples:
            for text, meta in ANNOTATION.findall(e):
                m = re.search(r'"value": "([^"]+)"', meta)
                assert m and m.group(1) in kb.services, meta
                values.add(m.group(1))
                assert text in g.userdict, f"{text} must be one jieba token"
    assert values == set(kb.services)


def test_responses_are_the_kb_answers_and_safe_for_rasa(kb, tmp_path):
    td.generate(kb, tmp_path)
    domain = yaml.safe_load((tmp_path / "domain" / "kb.yml").read_text(encoding="utf-8"))
    responses = domain["responses"]
    svc = kb.services["MZ-ZLJ-01"]
    key = f"utter_{td.topic_intent('ZLJ')}/{td.faq_key('MZ-ZLJ-01', 2)}"
    assert responses[key][0]["text"] == td.clean(svc.faqs[1].a)
    for r in responses.values():
        assert not set(r[0]["text"]) & set("{}[]")  # braces would be read as slots by Rasa


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


def test_response_keys_round_trip_to_kb_entries(kb, decide_mod):
    Entry = decide_mod.Entry
    assert Entry.from_key("kb_zlj/" + td.faq_key("MZ-ZLJ-01", 3)) == Entry("faq", "MZ-ZLJ-01", 3)
    assert Entry.from_key("kb_zlj/" + td.guide_key("MZ-ZLJ-01")) == Entry("guide", "MZ-ZLJ-01")
    pid = next(iter(kb.policies))
    assert Entry.from_key("kb_x/" + td.policy_key(pid)) == Entry("policy", pid)
    for code in kb.services:
        assert Entry.from_key("kb_x/" + td.guide_key(code)).code == code


def test_cli_writes_the_generated_folder(tmp_path):
    from app.cli import main

    assert main(["bot", "generate", str(tmp_path / "gen"), "--json"]) == 0
    for rel in ("data/nlu_kb.yml", "data/rules_kb.yml", "domain/kb.yml", "domain/conversation.yml",
                "jieba/userdict.txt"):
        assert (tmp_path / "gen" / rel).exists(), rel
