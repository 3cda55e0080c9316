"""Read-aloud over HTTP: ``GET /api/tts?text=…`` and ``POST /api/tts`` return WAV.

Shared by the kiosk and the PWA's read-aloud. Numbers and dates are read as Chinese words,
the voice is espeak-ng's ``cmn-latn-pinyin`` at a slow rate for elderly listeners.

Parameters (query string, or a JSON / form body for POST — use POST for text with personal data,
so it stays out of URLs and logs):

- ``text`` (required, ≤ 2,000 characters)
- ``rate`` words per minute, 80–260 (default from settings, 130)
- ``stream=1``: send the audio sentence by sentence as it is synthesised (a WAV of unknown
  length), so the first sentence can play at once; otherwise one complete WAV.

Errors are JSON: 400 (no text / bad rate), 413 (too long), 429 (too many waiting), 503 (no engine).
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from app.core.config import get_settings

MSG_NO_TEXT = "请提供要朗读的文字（text）。"
MSG_TOO_LONG = "要朗读的文字太长（最多 {n} 个字），请分段朗读。"
MSG_BAD_RATE = "rate 参数应为 80 到 260 之间的整数（每分钟字数）。"
MSG_BUSY = "朗读请求太多，请稍后再试。"
MSG_UNAVAILABLE = "朗读服务暂不可用。"
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def _params(request: Request) -> dict:
    params = dict(request.query_params)
    if request.method == "POST":
        ctype = request.headers.get("content-type", "")
        try:
            if "json" in ctype:
                body = await request.json()
                if isinstance(body, dict):
                    params.update({k: v for k, v in body.items() if v is not None})
            else:
                form = await request.form()
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
        except ValueError:
            pass
    return params


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=HEADERS)


async def tts(request: Request) -> Response:
    from voice.tts import MAX_TEXT_CHARS, TtsBusy, TtsUnavailable, get_synthesizer, streaming_wav_header, wav_bytes

    p = await _params(request)
    text = str(p.get("text", "")).strip()
    if not text:
        return _error(MSG_NO_TEXT, 400)
    if len(text) > MAX_TEXT_CHARS:
        return _error(MSG_TOO_LONG.format(n=MAX_TEXT_CHARS), 413)
    rate = None
    if p.get("rate") not in (None, ""):
        try:
            rate = int(p["rate"])
        except (TypeError, ValueError, OverflowError):  # "abc", 1e400 (inf in JSON) → 400, not 500
            return _error(MSG_BAD_RATE, 400)
        if not 80 <= rate <= 260:
            return _error(MSG_BAD_RATE, 400)
    stream = str(p.get("stream", "")).lower() in {"1", "true", "yes"}
    settings = get_settings()
    synth = get_synthesizer(settings.tts_voice, settings.tts_rate)
    if not await asyncio.to_thread(synth.available):  # first call starts the engine off the loop
        return _error(MSG_UNAVAILABLE, 503)
    sentences = synth.sentences(text)
    if not sentences:
        return _error(MSG_NO_TEXT, 400)
    try:
        if not stream:
            pcm = b"".join([chunk async for chunk in synth.aiter_pcm(text, rate)])
            return Response(wav_bytes(pcm), media_type="audio/wav", headers=HEADERS)
        gen = synth.aiter_pcm(text, rate)
        first = await gen.__anext__()  # errors before the first byte still get a status code
    except TtsBusy:
        return _error(MSG_BUSY, 429)
    except (TtsUnavailable, TimeoutError):
        return _error(MSG_UNAVAILABLE, 503)

    async def body():
        yield streaming_wav_header() + first
        async for chunk in gen:
            yield chunk

    return StreamingResponse(body(), media_type="audio/wav", headers=HEADERS)


routes = [Route("/api/tts", tts, methods=["GET", "POST"])]
