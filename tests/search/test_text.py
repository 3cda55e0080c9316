from app.search.text import char_bigrams, meaningful_chars, normalize, pinyin_bigrams


def test_normalize_traditional_fullwidth_and_case():
    assert normalize("我們宣城市有高齡津貼嗎") == "我们宣城市有高龄津贴吗"
    assert normalize("ＡＢＣ１２３　尊老金") == "abc123 尊老金"
    assert normalize("") == ""


def test_fuzzy_pinyin_makes_asr_homophones_meet():
    # 尊老京 (jing) is what a recogniser or a southern accent makes of 尊老金 (jin).
    assert pinyin_bigrams("尊老京") == pinyin_bigrams("尊老金")
    # 平翘舌: 殡葬 zang vs 殡脏 zang (same), 申请 shen vs 深情 shen-qing
    assert pinyin_bigrams("低保") != pinyin_bigrams("地名")


def test_bigrams_and_meaningful_chars():
    assert char_bigrams("低保申请") == ["低保", "保申", "申请"]
    assert char_bigrams("a") == []
    assert meaningful_chars("？！…") == 0
    assert meaningful_chars("低保?") == 2
