"""REST API of 预约 (婚姻登记 first). Same domain service and checks as the /booking page: who is
asking comes from the http-only session cookie, never from the request body (an ``account_id``
or ``person_id`` in the body is ignored), and ``app.appointments.service`` checks every record.

- ``GET    /api/appointments/offices[?city=南京市]``        offices (from the knowledge base)
- ``GET    /api/appointments/offices/{office_id}/slots``    free half-days of one office
- ``GET    /api/appointments``                              my bookings (sign-in required)
- ``POST   /api/appointments``                              book {office_id, day, half, name, id_number, partner_name}
- ``GET    /api/appointments/{ref}``                        one of my bookings
- ``POST   /api/appointments/{ref}/change``                 {day, half[, office_id]}
- ``POST   /api/appointments/{ref}/cancel``

Errors: 400 with ``{error, field}`` (and ``alternatives`` for a full slot), 401 not signed in,
404 for a booking that is not the caller's (the same answer as no booking), 429 for a flood.
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.api.params import query_params
from app.appointments import service as ap
from app.appointments.offices import list_offices
from app.core.web import SESSION_COOKIE, engine
from app.identity.service import actor_for_token
from app.knowledge.schema import CITIES

NO_STORE = {"Cache-Control": "no-store"}
MSG_BAD_REQUEST = "请求格式不对。"
MAX_BODY_BYTES = 4096


def _kb():
    from app.search.engine import get_engine

    return get_engine().kb


def _json(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


def _error(exc: ap.AppointmentError) -> JSONResponse:
    if isinstance(exc, ap.AccessDenied):
        status = 401 if exc.field == "sign_in" else 404
    else:
        status = 429 if exc.message == ap.MSG_TOO_MANY else 400
    body = {"error": exc.message, "field": exc.field}
    if exc.alternatives:
        body["alternatives"] = [a.to_dict() for a in exc.alternatives]
    return _json(body, status)


async def _body(request: Request) -> dict | None:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        return None
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    return {k: str(v)[:64] if v is not None else "" for k, v in data.items() if isinstance(k, str)}


async def _run(request: Request, fn, *, sign_in: bool = True):
    actor = await run_in_threadpool(actor_for_token, engine(), request.cookies.get(SESSION_COOKIE), "web")
    if sign_in and actor is None:
        return _json({"error": ap.MSG_SIGN_IN, "field": "sign_in"}, 401)
    try:
        return _json(await run_in_threadpool(fn, actor))
    except ap.AppointmentError as exc:
        return _error(exc)


async def offices(request: Request) -> JSONResponse:
    city = query_params(request).get("city", "") or None
    if city and city not in CITIES:
        return _json({"error": "没有这个城市，请选江苏省的13个设区市之一，例如 南京市。", "field": "city"}, 400)
    return await _run(request, lambda _a: {"offices": [o.to_dict() for o in list_offices(_kb(), city=city)]},
                      sign_in=False)


async def slots(request: Request) -> JSONResponse:
    office_id = request.path_params["office_id"][:32]

    def go(_actor):
        return {"office_id": office_id, "slots": [s.to_dict() for s in ap.free_slots(engine(), _kb(), office_id)]}
    return await _run(request, go, sign_in=False)


async def mine(request: Request) -> JSONResponse:
    return await _run(request, lambda a: {"appointments": [b.to_dict() for b in ap.my_bookings(engine(), _kb(), a)]})


async def create(request: Request) -> JSONResponse:
    body = await _body(request)
    if body is None:
        return _json({"error": MSG_BAD_REQUEST, "field": ""}, 400)

    def go(actor):
        return ap.book(engine(), _kb(), actor, body.get("office_id", ""), body.get("day", ""), body.get("half", ""),
                       name=body.get("name", ""), id_number=body.get("id_number", ""),
                       partner_name=body.get("partner_name", "")).to_dict()
    return await _run(request, go)


async def one(request: Request) -> JSONResponse:
    ref = request.path_params["ref"][:24]
    return await _run(request, lambda a: ap.get_booking(engine(), _kb(), a, ref).to_dict())


async def change(request: Request) -> JSONResponse:
    ref = request.path_params["ref"][:24]
    body = await _body(request)
    if body is None:
        return _json({"error": MSG_BAD_REQUEST, "field": ""}, 400)

    def go(actor):
        return ap.change(engine(), _kb(), actor, ref, body.get("day", ""), body.get("half", ""),
                         office_id=body.get("office_id") or None).to_dict()
    return await _run(request, go)


async def cancel(request: Request) -> JSONResponse:
    ref = request.path_params["ref"][:24]
    return await _run(request, lambda a: ap.cancel(engine(), _kb(), a, ref).to_dict())


routes = [
    Route("/api/appointments/offices", offices, methods=["GET"]),
    Route("/api/appointments/offices/{office_id}/slots", slots, methods=["GET"]),
    Route("/api/appointments", mine, methods=["GET"]),
    Route("/api/appointments", create, methods=["POST"]),
    Route("/api/appointments/{ref}", one, methods=["GET"]),
    Route("/api/appointments/{ref}/change", change, methods=["POST"]),
    Route("/api/appointments/{ref}/cancel", cancel, methods=["POST"]),
]
