"""REST API of 为您推荐 for the signed-in citizen (the same domain calls as the /for-you page).

Who is asking comes from the http-only session cookie only (``actor_for_token``). Read only: consent
is given and revoked on the page, where the person reads what it means.

- ``GET /api/recommendations``             my own (needs my consent: 403 with ``consent: false``)
- ``GET /api/recommendations?for=<id>``    a person I act for under an active delegation (record only,
  audited); anyone else → 403 with the same message whether the person exists or not
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.core.web import SESSION_COOKIE, engine
from app.identity.service import actor_for_token
from app.recommend import service as rs
from app.search.engine import get_engine

MSG_SIGN_IN = "请先登录，再查看为您推荐。"
NO_STORE = {"Cache-Control": "no-store"}


def _json(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


def _body(r: rs.Recommendations) -> dict:
    return {"person_id": r.person_id, "for_self": r.for_self, "known": r.known, "added": r.added,
            "left_out": r.left_out, "scope_limited": r.scope_limited,
            "recommendations": [m.to_dict() for m in r.matches]}


async def recommendations(request: Request) -> JSONResponse:
    actor = await run_in_threadpool(actor_for_token, engine(), request.cookies.get(SESSION_COOKIE), "web")
    if actor is None:
        return _json({"error": MSG_SIGN_IN, "field": "sign_in"}, 401)
    raw = request.query_params.get("for", "").strip()
    if raw and (not raw.isdigit() or len(raw) > 12):
        return _json({"error": rs.MSG_NOT_ALLOWED}, 403)
    person_id = int(raw) if raw else None
    try:
        result = await run_in_threadpool(rs.recommendations, engine(), get_engine().kb, actor, person_id)
    except rs.ConsentNeeded as exc:
        return _json({"error": exc.message, "consent": False}, 403)
    except rs.RecommendError as exc:
        return _json({"error": exc.message, "field": exc.field}, 403)
    return _json(_body(result))


routes = [Route("/api/recommendations", recommendations, methods=["GET"])]
