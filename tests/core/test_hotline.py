"""The hotline number has one source, ``Settings.hotline``: a deployment that sets HOTLINE gets it
in every sentence the app itself says (the knowledge base's facts quote their sources as printed),
and in the static files the browser shows with no server to ask (the offline page, the service
worker), which write ``HOTLINE_MARK`` and are filled in by the build. (Rasa's fixed responses: the
same, at ``minzheng bot generate``: tests/bot/test_training_data.py.)

Run in a fresh interpreter, since the wording modules build their sentences at import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------------------- files built with it

ASSETS_PROBE = """
import json
import rxconfig
print(json.dumps({str(p): t for p, t in rxconfig.HotlineAssets().get_static_assets()}, ensure_ascii=False))
"""


def _built_assets(hotline: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HOTLINE"}
    if hotline is not None:
        env["HOTLINE"] = hotline
    out = subprocess.run([sys.executable, "-c", ASSETS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def test_the_static_files_write_the_mark_never_the_number():
    from app.core.config import HOTLINE_MARK
    from rxconfig import HOTLINE_ASSETS

    marked = sorted(p.name for p in (ROOT / "assets").glob("*") if p.is_file()
                    and HOTLINE_MARK in p.read_text(encoding="utf-8", errors="ignore"))
    assert marked == sorted(HOTLINE_ASSETS)  # every file with the mark is built with the number
    for name in HOTLINE_ASSETS:
        assert "12345" not in (ROOT / "assets" / name).read_text(encoding="utf-8"), name


def test_the_build_fills_in_the_configured_hotline():
    built = _built_assets(OTHER)
    assert sorted(built) == ["public/offline.html", "public/sw.js"]
    page = built["public/offline.html"]
    assert f'href="tel:{OTHER}">拨打 {OTHER} 政务服务便民热线</a>' in page
    assert f"<p>拨打 {OTHER} 政务服务便民热线，或到户籍所在地" in page
    assert f'<a href=\\"tel:{OTHER}\\">{OTHER}</a>' in built["public/sw.js"]
    for text in built.values():
        assert "12345" not in text and "%HOTLINE%" not in text
    default = _built_assets(None)
    assert 'href="tel:12345">拨打 12345 政务服务便民热线</a>' in default["public/offline.html"]


def test_a_hotline_that_is_not_a_phone_number_is_refused():
    from app.core.config import with_hotline

    assert with_hotline("拨打 %HOTLINE%", "025-12345") == "拨打 025-12345"
    for bad in ("", "1", "<script>", '12345"', "12345\n"):
        with pytest.raises(ValueError):
            with_hotline("%HOTLINE%", bad)


def test_the_action_servers_default_is_the_settings_default():
    """The action server cannot import the app: its HOTLINE default (bot/actions/settings.py) is a
    mirror of ``Settings.hotline``'s, for an action server started without HOTLINE."""
    import ast

    from app.core.config import Settings

    tree = ast.parse((ROOT / "bot" / "actions" / "settings.py").read_text(encoding="utf-8"))
    (assign,) = [n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "HOTLINE"]
    defaults = {c.value for c in ast.walk(assign.value) if isinstance(c, ast.Constant) and c.value not in ("HOTLINE", "")}
    assert defaults == {Settings.model_fields["hotline"].default}
