"""GET /api/eligibility/preview — 政策计算器 as JSON: facts as query parameters → possible services.

    /api/eligibility/preview?birth_date=1945-03-01&hukou=南京市
    &county=扬中市 &age=81 &disability=肢体&grade=二级 &household=低保|特困|低保边缘|无
    &living_alone=是 &long_term_care=否 … (every yes/no fact: 是 / 否 / 不清楚)

Answers a JSON list of ``{service_code, name, verdict: likely|maybe|no, reasons, missing, …}``,
likely first. Nothing is stored or logged with the facts. Input that cannot be read (an impossible
or future date, an unknown place, a bad grade, an unknown parameter) gets HTTP 400 with a plain
Chinese message naming the field, never a 500.

GET /api/eligibility/read?ask=age&text=八十二 — one free answer to one of the calculator's questions
(``ask``: age | hukou | disability | household; none: every fact in a first message), read by
``app.chat.calculator_answers`` for the assistant's turn-by-turn 政策计算器: ``{status: answer | skip |
stop | question | invalid, fields: {ask: {params, said}}, message}``. The ``params`` are this
preview's own query parameters.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.api.params import query_params
from app.chat.calculator_answers import ASKS, read_answer
from app.eligibility import FactError, match, parse_facts
from app.search.engine import get_engine

MSG_TOO_MANY = "参数太多了，请只填需要的几项。"
MSG_BAD_ASK = "ask 只能是 " + "、".join(ASKS) + "，或者不填（读整句话）。"


def _preview(params: dict[str, str]) -> list[dict]:
    facts = parse_facts(params)
    return [m.to_dict() for m in match(get_engine().kb, facts)]


async def preview(request: Request) -> JSONResponse:
    if len(request.query_params.multi_items()) > 40:
        return JSONResponse({"error": MSG_TOO_MANY}, status_code=400)
    params = dict(query_params(request).items())
    try:
        # The first call may build the KB and search engine: keep it off the event loop.
        body = await run_in_threadpool(_preview, params)
    except FactError as err:
        return JSONResponse({"error": err.message, "field": err.field}, status_code=400)
    return JSONResponse(body)


async def read(request: Request) -> JSONResponse:
    q = query_params(request)
    ask = (q.get("ask") or "").strip()
    if ask and ask not in ASKS:
        return JSONResponse({"error": MSG_BAD_ASK, "field": "ask"}, status_code=400)
    # the first reading of a message may build the KB (the places): keep it off the event loop
    body = await run_in_threadpool(read_answer, (q.get("text") or "")[:200], ask or None)
    return JSONResponse(body)


routes = [Route("/api/eligibility/preview", preview, methods=["GET"]),
          Route("/api/eligibility/read", read, methods=["GET"])]
