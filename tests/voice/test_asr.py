"""Speech recognition with a real Vosk model (the Korean one from PyPI) on espeak-ng speech.

What is Chinese-specific (segmenting KB phrases into model words) is in test_vocabulary.py; here
the real model checks the rest: word lookup, grammar vs free decoding, end of speech, partials,
several sessions over one model.
"""

from __future__ import annotations

import concurrent.futures

import pytest

from tests.voice import korean
from voice.asr import Hypothesis, RecognitionSession, choose, grammar_for, load_model
from voice.vocabulary import UNK


def run(session: RecognitionSession, pcm: bytes, rate: int, chunk_ms: int = 100) -> list[dict]:
    step = rate * 2 * chunk_ms // 1000
    events = []
    for i in range(0, len(pcm), step):
        events += session.accept(pcm[i:i + step])
    if not any(e["type"] == "final" for e in events):
        events.append(session.finish())
    return events


def finals(events):
    return [e for e in events if e["type"] == "final"]


@pytest.fixture(scope="module")
def ko_grammar(ko_model, ko_model_path):
    grammar, dropped = grammar_for(ko_model, str(ko_model_path), tuple(korean.phrases()))
    return grammar


def test_model_loads_once_per_process(ko_model, ko_model_path):
    assert load_model(ko_model_path) is ko_model
    assert load_model(str(ko_model_path) + "/") is ko_model


def test_grammar_uses_the_models_own_words(ko_model, ko_grammar):
    assert ko_model.vosk_model_find_word("장애인") >= 0
    assert ko_model.vosk_model_find_word("없는단어입니다") < 0
    assert "장애인 수당" in ko_grammar
    assert UNK not in ko_grammar  # this small Korean model has no [unk]; it is added only where it exists
    # a phrase that is not one model word is spelt with the model's sub-words; one it cannot
    # spell at all is dropped (Vosk would silently ignore the unknown word and change the phrase)
    grammar, dropped = grammar_for(ko_model, "ko-test", ("도와주세요", "병원", "qxzvq 병원"))
    assert grammar == ["도와주 세요", "병원"] and dropped == ["qxzvq 병원"]


def test_empty_grammar_is_refused_not_sent(ko_model):
    from voice.asr import _Rec

    with pytest.raises(ValueError):
        _Rec(ko_model, 16000, [])
    s = RecognitionSession(ko_model, grammar=[], mode="grammar")  # falls back to free
    assert s.mode == "free" and s.grammar_rec is None


def test_grammar_recognises_kb_like_phrases(ko_model, ko_grammar, speech):
    right = 0
    for phrase in korean.phrases():
        pcm, rate = speech(phrase)
        got = finals(run(RecognitionSession(ko_model, grammar=ko_grammar, mode="grammar", sample_rate=rate), pcm, rate))
        right += got[0]["text"] == phrase
    assert right >= 7, f"grammar decoding got {right}/{len(korean.phrases())}"


@pytest.mark.parametrize("phrase", ["장애인 수당", "안녕하세요", "병원"])
def test_auto_mode_prefers_grammar_and_keeps_free_text(ko_model, ko_grammar, speech, phrase):
    pcm, rate = speech(phrase)
    events = run(RecognitionSession(ko_model, grammar=ko_grammar, mode="auto", sample_rate=rate), pcm, rate)
    [final] = finals(events)
    assert final["text"] == phrase and final["source"] == "grammar"
    assert final["free"]  # the free recogniser ran on the same audio
    assert any(e["type"] == "partial" and e["text"] for e in events)


def test_free_mode_returns_text(ko_model, speech):
    pcm, rate = speech("장애인 수당")
    [final] = finals(run(RecognitionSession(ko_model, mode="free", sample_rate=rate), pcm, rate))
    assert final["source"] == "free" and final["text"].strip()


def test_end_of_speech_detected_without_stop(ko_model, ko_grammar, speech):
    """Speech, then silence keeps coming (an open microphone): the final arrives by itself,
    within about a second and a half of the end of speech."""
    pcm, rate = speech("장애인 수당", before=0.5, after=6.0)
    session = RecognitionSession(ko_model, grammar=ko_grammar, mode="auto", sample_rate=rate)
    step = rate * 2 // 10
    speech_end_s = len(pcm) / (rate * 2) - 6.0
    for i in range(0, len(pcm), step):
        evs = session.accept(pcm[i:i + step])
        if finals(evs):
            ended_at = (i + step) / (rate * 2)
            break
    else:
        pytest.fail("no end of speech detected in 6 s of silence")
    assert 0 < ended_at - speech_end_s < 1.6
    assert finals(evs)[0]["text"] == "장애인 수당"


def test_silence_only_gives_an_empty_final(ko_model):
    session = RecognitionSession(ko_model, mode="free")
    events = []
    for _ in range(100):  # 10 s of digital silence
        events += session.accept(b"\x00\x00" * 1600)
        if finals(events):
            break
    [final] = finals(events)
    assert final["text"] == "" and final["source"] == "none"


def test_odd_sized_chunks_keep_samples_whole(ko_model, ko_grammar, speech):
    pcm, rate = speech("병원")
    session = RecognitionSession(ko_model, grammar=ko_grammar, mode="grammar", sample_rate=rate)
    events = []
    for i in range(0, len(pcm), 777):  # odd byte counts split samples across chunks
        events += session.accept(pcm[i:i + 777])
    events.append(session.finish())
    assert [e["text"] for e in finals(events) if e["text"]] == ["병원"]


def test_sessions_share_one_model_in_parallel(ko_model, ko_grammar, speech):
    phrases = ["장애인 수당", "안녕하세요", "병원", "전화"]
    clips = [speech(p) for p in phrases]

    def one(i):
        pcm, rate = clips[i % len(clips)]
        s = RecognitionSession(ko_model, grammar=ko_grammar, mode="auto", sample_rate=rate)
        return finals(run(s, pcm, rate))[0]["text"]

    sequential = [one(i) for i in range(4)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(one, range(8)))
    assert parallel == sequential * 2


def test_choose():
    g = Hypothesis("婚姻 登记", [{"word": "婚姻", "conf": 0.9}, {"word": "登记", "conf": 0.8}])
    f = Hypothesis("婚姻 灯 机", [])
    assert choose(g, f) == ("grammar", "婚姻登记")
    unsure = Hypothesis("婚姻 登记", [{"conf": 0.3}, {"conf": 0.4}])
    assert choose(unsure, f) == ("free", "婚姻灯机")
    with_unk = Hypothesis("[unk] 登记", [{"conf": 1.0}, {"conf": 1.0}])
    assert choose(with_unk, f) == ("free", "婚姻灯机")
    assert choose(with_unk, Hypothesis()) == ("grammar", "登记")
    assert choose(None, Hypothesis()) == ("none", "")
