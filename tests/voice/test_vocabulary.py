"""Chinese runtime vocabulary: KB phrases → model words → grammar, with a fake model word list.

The fake vocabulary mimics a small Mandarin Vosk model: common two-character words and single
characters, but none of our service names as one word.
"""

from __future__ import annotations

import json

from app.api.routes.voice import kb_phrases
from voice.vocabulary import COMMON_PHRASES, UNK, build_grammar, join_words, normalize_phrase, segment, to_model_words

WORDS = {
    "尊", "老", "金", "尊老", "尊老金" and "", "高龄", "津贴", "补贴", "低保", "婚姻", "登记", "结婚", "离婚",
    "残疾人", "残疾", "人", "两", "项", "两项", "殡葬", "养老", "服务", "我", "想", "领", "我想", "申请",
    "八十", "周岁", "八", "十", "一", "百", "元", "怎么", "办", "怎么办", "是", "对", "重", "说", "[unk]",
    "生活", "困难", "最低", "保障", "最低生活保障",
}
WORDS.discard("")
has = WORDS.__contains__


def test_segment_prefers_fewest_words():
    assert segment("婚姻登记", has) == ["婚姻", "登记"]
    assert segment("最低生活保障", has) == ["最低生活保障"]  # one long word beats three short ones
    assert segment("残疾人两项补贴", has) == ["残疾人", "两项", "补贴"]


def test_segment_falls_back_to_characters():
    assert segment("尊老金", has) == ["尊老", "金"]
    assert segment("老金", has) == ["老", "金"]


def test_segment_impossible_is_none():
    assert segment("火化", has) is None  # 火 / 化 unknown: the phrase cannot be spelt
    assert segment("", has) == []


def test_numbers_become_words_first():
    assert normalize_phrase("80周岁") == "八十周岁"
    assert to_model_words("80周岁", has) == ["八十", "周岁"]
    assert to_model_words("100元", has) == ["一", "百", "元"]


def test_punctuation_and_spaces():
    assert to_model_words("婚姻登记（结婚）", has) == ["婚姻", "登记", "结婚"]
    assert to_model_words("我想 领 尊老金", has) == ["我想", "领", "尊老", "金"]
    assert to_model_words("！！", has) is None


def test_build_grammar_dedupes_drops_and_adds_unk():
    grammar, dropped = build_grammar(["尊老金", "尊老金", "婚姻登记", "火化补贴", "低保", "  "], has)
    assert grammar == ["尊老 金", "婚姻 登记", "低保", UNK]
    assert dropped == ["火化补贴"]
    json.dumps(grammar)  # what Vosk receives


def test_build_grammar_without_unk_in_model():
    grammar, _ = build_grammar(["低保"], lambda w: w == "低保")
    assert grammar == ["低保"]


def test_build_grammar_never_empty_list_for_vosk():
    """An empty grammar "[]" crashes libvosk 0.3.45: nothing usable → [] and free recognition."""
    grammar, dropped = build_grammar(["火化", "遗体"], has)
    assert grammar == [] and dropped == ["火化", "遗体"]
    grammar, _ = build_grammar([], has)
    assert grammar == []  # in particular not ["[unk]"] alone


def test_build_grammar_limit():
    grammar, _ = build_grammar([f"服务{n}" for n in range(1, 500)], lambda w: True, limit=20, add_unk=False)
    assert len(grammar) == 20


def test_kb_phrases_cover_services_and_common_phrases(kb):
    phrases = kb_phrases(kb)
    assert len(phrases) == len(set(phrases))
    for name in ("尊老金", "低保", "婚姻登记", "残疾人两项补贴", "殡葬", "养老服务"):
        assert name in phrases
    for svc in list(kb.services.values())[:10]:
        assert svc.name in phrases
    assert set(COMMON_PHRASES) <= set(phrases)


def test_kb_grammar_with_character_vocabulary(kb):
    """With every CJK character as a model word (what a character-level fallback gives),
    every KB phrase made of CJK characters and digits can be spelt."""
    chars = {c for p in kb_phrases(kb) for c in normalize_phrase(p) if "\u4e00" <= c <= "\u9fff"}
    grammar, dropped = build_grammar(kb_phrases(kb), lambda w: w in chars or w == UNK)
    assert grammar[-1] == UNK
    assert len(grammar) > 500
    assert all(any("a" <= ch.lower() <= "z" for ch in p) for p in dropped)  # only Latin-letter phrases


def test_join_words():
    assert join_words("婚姻 登记") == "婚姻登记"
    assert join_words("[unk] 我 想 领 尊老 金") == "我想领尊老金"
    assert join_words("장애인 수당") == "장애인 수당"
    assert join_words("苏 服 办 app") == "苏服办 app"
    assert join_words("") == ""
