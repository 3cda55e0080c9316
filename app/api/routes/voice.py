"""Speech recognition for the kiosk: a websocket that takes microphone PCM and returns text.

``WS /api/voice/asr`` (same port as the pages; Reflex's api_transformer passes websockets through)

1. The client may first send ``{"type": "start", "sample_rate": 16000, "mode": "auto"|"grammar"|"free",
   "phrases": [...]}`` (all optional; ``phrases`` replaces the knowledge-base vocabulary, e.g. for a
   yes/no screen). The server answers ``{"type": "ready", ...}`` once the model is loaded (the first
   session of a process waits for the load, which runs in a worker thread, never on the event loop),
   or ``{"type": "unavailable", "message": "语音识别暂不可用"}`` and closes when there is no model.
2. Then binary frames: 16-bit little-endian mono PCM at ``sample_rate``. The server sends
   ``{"type": "partial", "text"}`` while the person speaks and ``{"type": "final", "text", "source",
   "grammar", "free", "audio_s"}`` at the end of speech; the session stays open for more utterances.
3. ``{"type": "stop"}`` ends the current utterance now (final comes back).

``GET /api/voice/status`` — is recognition available (model present / loaded), read-aloud, and the
kiosk's privacy timings; ``?warm=1`` starts loading the model in the background.

Each connection has its own recogniser(s) over the one model the process loads.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import os
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from app.core.config import get_settings

log = logging.getLogger(__name__)

#: Longest silence between two messages before the server closes the socket.
RECEIVE_TIMEOUT_S = 30.0
#: Largest audio frame accepted (a 100 ms frame at 16 kHz is 3,200 bytes).
MAX_FRAME_BYTES = 256 * 1024
#: Most audio one connection may send (a kiosk turn is seconds long).
MAX_SESSION_AUDIO_S = 300.0
MAX_CLIENT_PHRASES = 300
#: Open recognition sessions per process (each holds ~30 MB of decoder state with a small model).
MAX_SESSIONS = 24
MSG_BUSY = "语音识别正忙，请稍后再试，或点屏幕上的按钮。"
MAX_PHRASE_CHARS = 24

_pool: concurrent.futures.ThreadPoolExecutor | None = None
_warming: asyncio.Task | None = None
_open_sessions = 0
#: Open sessions per client address, and the most one client may hold.
_per_client: dict[str, int] = {}
MAX_SESSIONS_PER_CLIENT = 2


def asr_pool() -> concurrent.futures.ThreadPoolExecutor:
    """Threads that run the decoders (Vosk releases the GIL), sized to the CPU."""
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2),
                                                      thread_name_prefix="asr")
    return _pool


def kb_phrases(kb) -> list[str]:
    """What the kiosk listens for: the knowledge base's terms (the app walks the KB; speech
    knows nothing of it), then speech's own common kiosk phrases."""
    from app.knowledge.terms import spoken_terms
    from voice.vocabulary import kiosk_phrases

    return kiosk_phrases(spoken_terms(kb))


@lru_cache(maxsize=1)
def default_phrases() -> tuple[str, ...]:
    """The knowledge base's vocabulary plus the optional phrases file (VOSK_PHRASES_FILE)."""
    from app.search.engine import get_engine

    phrases = kb_phrases(get_engine().kb)
    extra = get_settings().vosk_phrases_file
    if extra:
        try:
            phrases += [line.strip() for line in Path(extra).read_text(encoding="utf-8").splitlines()
                        if line.strip() and not line.startswith("#")]
        except OSError as exc:
            log.warning("VOSK_PHRASES_FILE %s unreadable: %s", extra, exc)
    return tuple(phrases)


def asr_status() -> dict:
    from voice.asr import is_loaded
    from voice.models import MSG_UNAVAILABLE, model_status

    st = model_status(get_settings().vosk_model_path)
    return {
        "available": st.present,
        "model": st.name,
        "loaded": st.present and is_loaded(st.path),
        "grammar": st.grammar_capable,
        "message": "" if st.present else MSG_UNAVAILABLE,
    }


async def _warm_up() -> None:
    from voice.asr import grammar_for, load_model_async

    path = get_settings().vosk_model_path
    try:
        model = await load_model_async(path)
        phrases = await asyncio.to_thread(default_phrases)
        await asyncio.get_running_loop().run_in_executor(
            asr_pool(), grammar_for, model, str(Path(path).resolve()), phrases)
    except Exception as exc:  # noqa: BLE001 - warming is best effort; sessions report errors
        log.warning("speech model warm-up failed: %s", exc)


async def voice_status(request: Request) -> JSONResponse:
    global _warming
    s = get_settings()
    asr = asr_status()
    if request.query_params.get("warm") and asr["available"] and not asr["loaded"]:
        if _warming is None or _warming.done():
            _warming = asyncio.create_task(_warm_up())
    from voice.tts import espeak_available

    return JSONResponse({
        "asr": asr,
        "tts": {"available": espeak_available(), "voice": s.tts_voice, "rate": s.tts_rate},
        "kiosk": {"idle_seconds": s.kiosk_idle_seconds, "warn_seconds": s.kiosk_warn_seconds},
    })


def _client_phrases(raw) -> tuple[str, ...] | None:
    if not isinstance(raw, list):
        return None
    out = [str(p).strip()[:MAX_PHRASE_CHARS] for p in raw[:MAX_CLIENT_PHRASES] if str(p).strip()]
    return tuple(out) or None


async def _send(ws: WebSocket, obj: dict) -> None:
    await ws.send_text(json.dumps(obj, ensure_ascii=False))


async def _open_session(ws: WebSocket, start: dict):
    """Load the model (once per process) and make this connection's recogniser."""
    from voice.asr import MODES, SAMPLE_RATE, RecognitionSession, grammar_for, is_loaded, load_model_async

    s = get_settings()
    path = s.vosk_model_path
    if not is_loaded(path):
        await _send(ws, {"type": "loading"})
    model = await load_model_async(path)
    mode = start.get("mode") if start.get("mode") in MODES else (s.asr_mode if s.asr_mode in MODES else "auto")
    try:
        rate = int(start.get("sample_rate") or SAMPLE_RATE)
    except (TypeError, ValueError, OverflowError):
        rate = SAMPLE_RATE
    rate = min(48000, max(8000, rate))
    phrases = _client_phrases(start.get("phrases")) or await asyncio.to_thread(default_phrases)
    loop = asyncio.get_running_loop()
    grammar, _dropped = await loop.run_in_executor(asr_pool(), grammar_for, model,
                                                   str(Path(path).resolve()), phrases)
    session = await loop.run_in_executor(
        asr_pool(), lambda: RecognitionSession(model, grammar=grammar or None, mode=mode, sample_rate=rate))
    await _send(ws, {"type": "ready", "model": asr_status()["model"], "mode": session.mode,
                     "grammar_phrases": len(grammar), "sample_rate": rate})
    return session


async def asr_socket(ws: WebSocket) -> None:
    global _open_sessions
    from voice.models import MSG_UNAVAILABLE

    await ws.accept()
    if not asr_status()["available"]:
        await _send(ws, {"type": "unavailable", "message": MSG_UNAVAILABLE})
        await ws.close(code=1000)
        return
    client = ws.client.host if ws.client else "unknown"
    # Each client (a kiosk, an agent's PC) has its own small quota, so one machine holding idle
    # sockets cannot take every session from the others (issue 12, attack 13).
    if _open_sessions >= MAX_SESSIONS or _per_client.get(client, 0) >= MAX_SESSIONS_PER_CLIENT:
        await _send(ws, {"type": "error", "message": MSG_BUSY})
        await ws.close(code=1013)
        return
    _open_sessions += 1
    _per_client[client] = _per_client.get(client, 0) + 1
    try:
        await _serve(ws)
    finally:
        _open_sessions -= 1
        _per_client[client] -= 1
        if _per_client[client] <= 0:
            del _per_client[client]


async def _serve(ws: WebSocket) -> None:
    from voice.models import MSG_UNAVAILABLE

    loop = asyncio.get_running_loop()
    session = None
    audio_bytes = 0
    try:
        while True:
            try:
                msg = await asyncio.wait_for(ws.receive(), RECEIVE_TIMEOUT_S)
            except TimeoutError:
                await _send(ws, {"type": "error", "message": "长时间没有声音，连接已关闭。"})
                break
            if msg["type"] == "websocket.disconnect":
                break
            data, text = msg.get("bytes"), msg.get("text")
            if text is not None:
                try:
                    cmd = json.loads(text)
                except ValueError:
                    cmd = {}
                kind = cmd.get("type") if isinstance(cmd, dict) else None
                if kind == "start":
                    session = await _open_session(ws, cmd)
                elif kind == "stop" and session is not None:
                    await _send(ws, await loop.run_in_executor(asr_pool(), session.finish))
                elif kind == "stop":
                    await _send(ws, {"type": "final", "text": "", "source": "none", "grammar": None,
                                     "free": None, "audio_s": 0.0})
                else:
                    await _send(ws, {"type": "error", "message": "unknown message"})
                continue
            if not data:
                continue
            if len(data) > MAX_FRAME_BYTES:
                await _send(ws, {"type": "error", "message": "audio frame too large"})
                break
            if session is None:  # audio without a start message: start with the defaults
                session = await _open_session(ws, {})
            audio_bytes += len(data)
            if audio_bytes > MAX_SESSION_AUDIO_S * session.sample_rate * 2:
                await _send(ws, {"type": "error", "message": "本次说话时间太长，请重新开始。"})
                break
            for ev in await loop.run_in_executor(asr_pool(), session.accept, data):
                await _send(ws, ev)
    except WebSocketDisconnect:
        return
    except Exception as exc:  # noqa: BLE001 - tell the kiosk, which falls back to touch
        log.exception("speech recognition session failed")
        try:
            await _send(ws, {"type": "unavailable", "message": MSG_UNAVAILABLE, "detail": type(exc).__name__})
        except Exception:  # noqa: BLE001
            return
    try:
        await ws.close(code=1000)
    except Exception:  # noqa: BLE001 - already closed by the client
        pass


routes = [
    Route("/api/voice/status", voice_status, methods=["GET"]),
    WebSocketRoute("/api/voice/asr", asr_socket),
]
