"""Read-aloud: one pyttsx3/espeak-ng engine per process, the Mandarin pinyin voice, sentences
streamed, and the /api/tts endpoint."""

from __future__ import annotations

import concurrent.futures
import io
import subprocess
import wave

import pytest
from starlette.testclient import TestClient

from voice.tts import SAMPLE_RATE, Synthesizer, get_synthesizer, streaming_wav_header, timed_first_audio, wav_bytes


def seconds(pcm: bytes) -> float:
    return len(pcm) / 2 / SAMPLE_RATE


@pytest.fixture(scope="module")
def synth():
    return get_synthesizer()


def test_one_engine_per_process(synth):
    assert get_synthesizer() is synth


def test_sentence_synthesis_uses_the_pinyin_voice(synth, tmp_path):
    """Same length as espeak-ng's own cmn-latn-pinyin rendering (English or the cmn voice differ)."""
    text = "您好，请说出您想办的事。"
    pcm = synth.synthesize(text, rate=175)
    out = tmp_path / "cli.wav"
    subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-s", "175", "-w", str(out), text], check=True)
    with wave.open(str(out)) as w:
        reference = w.getnframes() / w.getframerate()
    assert abs(seconds(pcm) - reference) / reference < 0.1


def test_slower_rate_for_elderly_listeners(synth):
    text = "尊老金每人每月三百元。"
    assert seconds(synth.synthesize(text, rate=110)) > 1.3 * seconds(synth.synthesize(text, rate=200))


def test_numbers_are_spoken_as_words(synth):
    assert synth.sentences("拨打12345。每月300元！") == ["拨打一二三四五。", "每月三百元！"]


def test_long_text_is_streamed_sentence_by_sentence():
    s = Synthesizer(cache_size=0)
    text = "第一句话。" + "这是后面比较长的一句，说明办理需要的材料和地点，" * 6 + "完。"
    chunks = list(s.iter_pcm(text))
    assert len(chunks) >= 5  # sentences with pauses between
    first, total = timed_first_audio(s, text)
    assert first < total
    assert seconds(chunks[0]) < 2.0  # the first sentence is short, so it plays quickly


def test_concurrent_requests_are_serialised_safely(synth):
    texts = [f"第{i}号，请到{i}号窗口。" for i in range(1, 9)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(synth.synthesize, texts))
    assert all(seconds(r) > 0.5 for r in results)
    assert len({r for r in results}) == len(texts)


def test_wav_helpers():
    w = wave.open(io.BytesIO(wav_bytes(b"\x00\x00" * 100)))
    assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, SAMPLE_RATE, 100)
    assert streaming_wav_header()[:4] == b"RIFF" and len(streaming_wav_header()) == 44


# ---------------------------------------------------------------------- HTTP ----------------
@pytest.fixture(scope="module")
def client():
    from app.api.main import build_api

    return TestClient(build_api())


def _wav(content: bytes):
    return wave.open(io.BytesIO(content))


def test_get_tts_returns_a_wav(client):
    r = client.get("/api/tts", params={"text": "您好，拨打12345。"})
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    w = _wav(r.content)
    assert w.getframerate() == SAMPLE_RATE and w.getnframes() / SAMPLE_RATE > 1.0
    assert r.headers["cache-control"] == "no-store"


def test_post_tts_json_and_form(client):
    r = client.post("/api/tts", json={"text": "请到三号窗口。", "rate": 120})
    assert r.status_code == 200 and _wav(r.content).getnframes() > 0
    r = client.post("/api/tts", data={"text": "请到三号窗口。"})
    assert r.status_code == 200


def test_streamed_tts_is_a_wav_of_unknown_length(client):
    r = client.get("/api/tts", params={"text": "第一句。第二句。第三句。", "stream": "1"})
    assert r.status_code == 200 and r.content[:4] == b"RIFF"
    assert r.content[40:44] == b"\xff\xff\xff\xff"
    assert len(r.content) > 44 + SAMPLE_RATE  # more than half a second of audio


@pytest.mark.parametrize("params, status", [
    ({}, 400), ({"text": "   "}, 400), ({"text": "。。。"}, 400), ({"text": "字" * 2001}, 413),
    ({"text": "好", "rate": "fast"}, 400), ({"text": "好", "rate": "999"}, 400),
])
def test_tts_errors_are_json(client, params, status):
    r = client.post("/api/tts", json=params)
    assert r.status_code == status
    assert r.json()["error"]
