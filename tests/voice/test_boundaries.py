"""The domain knows nothing of the voice channel; importing the app does not load Vosk or espeak."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_domain_never_imports_voice():
    for pkg in ("app/knowledge", "app/search"):
        for f in (ROOT / pkg).rglob("*.py"):
            assert not re.search(r"^\s*(from|import)\s+(voice|vosk|pyttsx3)\b", f.read_text(encoding="utf-8"), re.M), f


def test_routes_load_without_vosk_or_pyttsx3():
    code = ("import sys; import app.api.routes.voice, app.api.routes.tts, app.ui.pages.kiosk; "
            "print(sorted(m for m in ('vosk', 'pyttsx3', 'cn2an') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
