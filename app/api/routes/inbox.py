"""REST API of the signed-in citizen's 消息 (定点提醒 inbox) and reminder preferences.

Who is asking comes from the http-only session cookie only (``actor_for_token``); a reminder that
is not the caller's answers 404, the same as none. POSTs pass the same-origin guard like every
other state change.

- ``GET  /api/inbox[?unread=1]``       my reminders, newest first
- ``POST /api/inbox/{id}/read``        mark one read
- ``GET  /api/inbox/preferences``      {kind: {label, wanted}}
- ``POST /api/inbox/preferences``      {"kind": "age_milestone", "wanted": false} — opt out / in
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.core.web import SESSION_COOKIE, engine
from app.identity.service import actor_for_token
from app.reminders import service as rs
from app.reminders.models import KINDS

MSG_SIGN_IN = "请先登录，再查看消息。"
NO_STORE = {"Cache-Control": "no-store"}
MAX_BODY_BYTES = 2048


def _json(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


def _item(r) -> dict:
    return {"id": r.id, "kind": r.kind, "kind_label": KINDS.get(r.kind, r.kind), "title": r.title, "body": r.body,
            "link": r.link, "service_code": r.service_code, "created_at": r.created_at.isoformat(),
            "read": r.read_at is not None}


async def _run(request: Request, fn):
    actor = await run_in_threadpool(actor_for_token, engine(), request.cookies.get(SESSION_COOKIE), "web")
    if actor is None:
        return _json({"error": MSG_SIGN_IN, "field": "sign_in"}, 401)
    try:
        return _json(await run_in_threadpool(fn, actor))
    except rs.ReminderError as exc:
        return _json({"error": exc.message}, 404 if "没有找到" in exc.message else 400)


async def inbox(request: Request) -> JSONResponse:
    unread = request.query_params.get("unread", "") in {"1", "true", "yes"}
    return await _run(request, lambda a: {"messages": [_item(r) for r in rs.inbox_for(engine(), a, unread_only=unread)]})


async def read(request: Request) -> JSONResponse:
    raw = request.path_params["reminder_id"]
    if not raw.isdigit() or len(raw) > 12:
        return _json({"error": "没有找到这条消息。"}, 404)
    return await _run(request, lambda a: _item(rs.mark_read(engine(), a, int(raw))))


def _prefs(actor) -> dict:
    return {"preferences": {k: {"label": KINDS[k], "wanted": v} for k, v in rs.preferences(engine(), actor).items()}}


async def get_preferences(request: Request) -> JSONResponse:
    return await _run(request, _prefs)


async def set_preference(request: Request) -> JSONResponse:
    raw = await request.body()
    try:
        data = json.loads(raw or b"{}") if len(raw) <= MAX_BODY_BYTES else None
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("wanted"), bool):
        return _json({"error": "请发送 {\"kind\": 提醒种类, \"wanted\": true 或 false}。"}, 400)
    kind = str(data.get("kind", ""))[:32]

    def go(actor):
        (rs.opt_in if data["wanted"] else rs.opt_out)(engine(), actor, kind)
        return _prefs(actor)
    return await _run(request, go)


routes = [
    Route("/api/inbox", inbox, methods=["GET"]),
    Route("/api/inbox/preferences", get_preferences, methods=["GET"]),
    Route("/api/inbox/preferences", set_preference, methods=["POST"]),
    Route("/api/inbox/{reminder_id}/read", read, methods=["POST"]),
]
