"""REST API of the hotline console, for other clients (a softphone, a CTI bridge, reports) and
for the knowledge-base maintainers' gap list. Same domain service, same checks as the pages:
who is asking comes from the http-only session cookie, and ``app.hotline.service`` refuses
anyone who is not a hotline agent or supervisor (401 when not signed in, 403 otherwise).

- ``GET  /api/agent/queue``                  contacts waiting for a person
- ``GET  /api/agent/suggest?q=…``            suggested answers (source, confidence) for a text
- ``GET  /api/agent/work-orders[?status=…]`` work orders, with overdue marking
- ``GET  /api/agent/gaps``                   questions the knowledge base had no good answer to
- ``GET  /api/agent/suggestion-stats``       acceptance and edit rates per knowledge-base entry
- ``POST /api/work-orders/{id}/rating``      the citizen rates their own work order ({"stars": 1–5})
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.core.web import SESSION_COOKIE, engine
from app.hotline import service as hs
from app.hotline.models import STATUS_LABELS
from app.identity.service import actor_for_token

MSG_SIGN_IN = "请先登录。"
NO_STORE = {"Cache-Control": "no-store"}


def _actor(request: Request):
    return actor_for_token(engine(), request.cookies.get(SESSION_COOKIE), "hotline")


def _json(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


async def _run(request: Request, fn):
    actor = await run_in_threadpool(_actor, request)
    if actor is None:
        return _json({"error": MSG_SIGN_IN}, 401)
    try:
        return _json(await run_in_threadpool(fn, actor))
    except hs.AccessDenied as exc:
        return _json({"error": exc.message}, 403)
    except hs.HotlineError as exc:
        return _json({"error": exc.message}, 400)


def _order(w) -> dict:
    return {"id": w.id, "ref": w.ref, "title": w.title, "topic": w.topic, "category": w.category,
            "district": w.district, "department": w.department, "status": w.status,
            "status_label": STATUS_LABELS[w.status], "due_at": hs.aware(w.due_at).isoformat(),
            "overdue": hs.is_overdue(w), "rating": w.rating}


async def queue(request: Request) -> JSONResponse:
    def go(actor):
        return {"contacts": [{"id": c.id, "kind": c.kind, "channel": c.channel, "summary": c.summary,
                              "topic": c.topic, "created_at": hs.aware(c.created_at).isoformat()}
                             for c in hs.queue(engine(), actor)]}
    return await _run(request, go)


async def suggest(request: Request) -> JSONResponse:
    from app.hotline.suggest import suggest_for_query

    text = request.query_params.get("q", "")[:500]

    def go(actor):
        hs.require_agent(actor)
        result = suggest_for_query(text)
        return {"query": result.query, "good": result.good,
                "suggestions": [{"entry_id": s.entry_id, "kind": s.kind, "title": s.title, "answer": s.answer,
                                 "source": s.source, "url": s.url, "topic": s.topic, "confidence": s.confidence}
                                for s in result.suggestions]}
    return await _run(request, go)


async def work_orders(request: Request) -> JSONResponse:
    status = request.query_params.get("status") or None

    def go(actor):
        return {"work_orders": [_order(w) for w in hs.list_orders(engine(), actor, status=status)]}
    return await _run(request, go)


async def gaps(request: Request) -> JSONResponse:
    def go(actor):
        return {"gaps": [{"question": g.question, "reason": g.reason, "best_entry_id": g.best_entry_id,
                          "best_confidence": g.best_confidence, "topic": g.topic, "at": hs.aware(g.at).isoformat()}
                         for g in hs.gaps(engine(), actor)]}
    return await _run(request, go)


async def suggestion_stats(request: Request) -> JSONResponse:
    def go(actor):
        rows = hs.suggestion_stats(engine(), actor)
        return {"acceptance_rate": hs.acceptance_rate(rows), "edit_rate": hs.edit_rate(rows),
                "entries": [{"entry_id": e.entry_id, "kind": e.kind, "shown": e.shown, "used": e.used,
                             "useful": e.useful, "useless": e.useless, "edited": e.edited,
                             "acceptance_rate": e.acceptance_rate, "edit_rate": e.edit_rate} for e in rows]}
    return await _run(request, go)


async def rate_order(request: Request) -> JSONResponse:
    try:
        body = json.loads(await request.body() or b"{}")
        wo_id = int(request.path_params["order_id"])
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _json({"error": "请求格式不对。"}, 400)
    if not isinstance(body, dict):
        return _json({"error": "请求格式不对。"}, 400)

    def go(actor):
        return _order(hs.rate(engine(), actor, wo_id, body.get("stars", 0), str(body.get("comment", ""))[:2000]))
    return await _run(request, go)


routes = [
    Route("/api/agent/queue", queue, methods=["GET"]),
    Route("/api/agent/suggest", suggest, methods=["GET"]),
    Route("/api/agent/work-orders", work_orders, methods=["GET"]),
    Route("/api/agent/gaps", gaps, methods=["GET"]),
    Route("/api/agent/suggestion-stats", suggestion_stats, methods=["GET"]),
    Route("/api/work-orders/{order_id:int}/rating", rate_order, methods=["POST"]),
]
