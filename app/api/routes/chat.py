"""POST /api/chat — one turn with the assistant; GET /api/chat/status — is Rasa up?

Request:  {"session": "<id from the previous answer, or omitted>", "text": "尊老金怎么领"}
Answer:   {"session": "...", "replies": [{"text", "sources": [{"title", "url", "topic"}],
           "buttons": [{"title", "payload"} | {"title", "url"}]}], "handoff": false,
           "degraded": false, "timing": {...}}

The browser (and any other client) talks only to this endpoint; the app talks to Rasa. The
session id is made and signed by the server; who the user is comes from the server-side
sign-in cookie, never from the body. Always 200 with a reply, unless the request itself is
malformed (400).
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.chat.service import get_chat_service

MSG_BAD_BODY = "请求格式不对：应为 JSON，如 {\"session\": \"…\", \"text\": \"尊老金怎么领\"}。"
MAX_BODY_BYTES = 20_000


def _person_id(request: Request) -> int | None:
    """The signed-in person, from the http-only session cookie (None when anonymous)."""
    token = request.cookies.get("mz_session")
    if not token:
        return None
    try:
        from app.chat.service import db_engine
        from app.identity.service import actor_for_token

        actor = actor_for_token(db_engine(), token, "web")
    except Exception:  # noqa: BLE001 - no identity means an anonymous chat, not an error
        return None
    return actor.person_id if actor else None


async def chat(request: Request) -> JSONResponse:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return JSONResponse({"error": MSG_BAD_BODY}, status_code=413)
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JSONResponse({"error": MSG_BAD_BODY}, status_code=400)
    if not isinstance(data, dict) or not isinstance(data.get("text", ""), str) \
            or not isinstance(data.get("session") or "", str):
        return JSONResponse({"error": MSG_BAD_BODY}, status_code=400)
    channel = data.get("channel") if data.get("channel") in {"web", "miniprogram", "kiosk"} else "web"
    person_id = _person_id(request)
    result = await get_chat_service().handle(data.get("session"), data.get("text", ""),
                                             channel=channel, person_id=person_id)
    return JSONResponse(result)


async def chat_status(_request: Request) -> JSONResponse:
    return JSONResponse({"rasa": await get_chat_service().rasa.ready()})


routes = [
    Route("/api/chat", chat, methods=["POST"]),
    Route("/api/chat/status", chat_status, methods=["GET"]),
]
