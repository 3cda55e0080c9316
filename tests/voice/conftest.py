"""Fixtures for the voice tests: the Korean Vosk model (loaded once) and espeak-ng speech."""

from __future__ import annotations

import shutil

import pytest

from tests.voice import korean


@pytest.fixture(scope="session")
def ko_model_path():
    return korean.model_path()


@pytest.fixture(scope="session")
def ko_model(ko_model_path):
    from voice.asr import load_model

    return load_model(ko_model_path)


@pytest.fixture(scope="session")
def speech(tmp_path_factory):
    """speech(text, before=0.5, after=2.0) -> (pcm bytes, sample rate) of Korean espeak-ng speech."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        pytest.fail("espeak-ng and sox are needed (make test installs them: apt-get install espeak-ng sox)")
    folder = tmp_path_factory.mktemp("speech")
    cache: dict = {}

    def make(text: str, before: float = 0.5, after: float = 2.0):
        key = (text, before, after)
        if key not in cache:
            path = korean.speech_wav(text, folder / f"s{len(cache)}.wav", before=before, after=after)
            cache[key] = korean.pcm_of(path)
        return cache[key]

    return make


@pytest.fixture
def voice_settings(monkeypatch, ko_model_path):
    """Point the app's settings at the Korean model and phrases (restored afterwards)."""
    from app.api.routes import voice as voice_route
    from app.core.config import get_settings

    monkeypatch.setenv("VOSK_MODEL_PATH", str(ko_model_path))
    monkeypatch.setenv("VOSK_PHRASES_FILE", str(korean.PHRASES_FILE))
    get_settings.cache_clear()
    voice_route.default_phrases.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
    voice_route.default_phrases.cache_clear()
