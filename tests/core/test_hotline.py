"""The hotline number has one source, ``Settings.hotline``: a deployment that sets HOTLINE gets it
in every sentence the app itself says (the knowledge base's facts quote their sources as printed).

Run in a fresh interpreter, since the wording modules build their sentences at import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OTHER = "96000"

PROBE = """
import json
from app.chat import text as chat
from app.identity import service as identity
from app.search import engine as search
from app.ui import kiosk_text as kiosk
from app.ui import text as web

print(json.dumps({
    "web": [web.HELP_TEXT, web.HELP_CALL, web.HELP_TEL],
    "chat": [chat.DEGRADED_NOTHING, chat.NOT_SURE_AGAIN, chat.HANDOFF_DONE, chat.HANDOFF_FAILED,
             chat.CALL_HOTLINE, chat.HOTLINE_URL],
    "kiosk": [kiosk.STAFF_FAILED, kiosk.FOOTER],
    "search": [search.MSG_NO_MATCH],
    "identity": [identity.MSG_TOO_MANY_CODES],
}, ensure_ascii=False))
"""


def _wording(hotline: str | None) -> dict[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "HOTLINE"}
    if hotline is not None:
        env["HOTLINE"] = hotline
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def test_every_sentence_names_the_configured_hotline():
    for channel, sentences in _wording(OTHER).items():
        for sentence in sentences:
            assert OTHER in sentence and "12345" not in sentence, (channel, sentence)


def test_the_default_is_12345_as_before():
    wording = _wording(None)
    assert wording["web"] == ["拨打 12345 政务服务便民热线，或到户籍所在地社区（村）、乡镇（街道）便民服务中心咨询。",
                              "拨打 12345", "tel:12345"]
    assert wording["chat"][-2:] == ["拨打 12345", "tel:12345"]
