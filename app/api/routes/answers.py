"""POST /api/answer — the answer engine over HTTP (the assistant's action server calls it).

Body: ``{"q": "…", "context": {"city": …, "county": …, "age": …, "for_whom": …,
"previous_service": …, "channel": …}}``. Reply: the :class:`app.answers.Answer` as JSON.
Any text gets an answer or an honest "not sure"; only a body that is not a JSON object with a
string ``q`` is refused (400, with a Chinese message). Answers that abstain are noted as
knowledge-base gaps.
"""

from __future__ import annotations

import json
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.answers import AnswerContext, get_answer_engine
from app.answers.gaps import gap_row

MSG_BAD_BODY = "请求格式不对：请发送 JSON，例如 {\"q\": \"尊老金每月多少钱\"}。"
MSG_BAD_Q = "问题（q）应为文字。"
#: Bodies above this are refused before parsing (a question is never this long).
MAX_BODY_BYTES = 64 * 1024
MAX_Q_CHARS = 5000


def _bad(msg: str) -> JSONResponse:
    return JSONResponse({"error": msg}, status_code=400)


def _answer(q: str, ctx: AnswerContext) -> dict:
    from app.core.web import engine as db_engine

    eng = get_answer_engine()
    ans = eng.answer(q, ctx)
    row = gap_row(q, ans, eng.kb)
    if row is not None:
        try:
            from app.hotline.service import note_answer_gap

            note_answer_gap(db_engine(), **row)
        except Exception:  # noqa: BLE001 — a gap that cannot be written must not lose the answer
            logging.getLogger(__name__).exception("could not record a knowledge-base gap")
    return ans.to_dict()


async def answer(request: Request) -> JSONResponse:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _bad(MSG_BAD_BODY)
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _bad(MSG_BAD_BODY)
    if not isinstance(data, dict):
        return _bad(MSG_BAD_BODY)
    q = data.get("q", data.get("text"))
    if q is None:
        q = ""
    if not isinstance(q, str):
        return _bad(MSG_BAD_Q)
    ctx = AnswerContext.from_dict(data.get("context"))
    result = await run_in_threadpool(_answer, q[:MAX_Q_CHARS], ctx)
    return JSONResponse(result, headers={"Cache-Control": "no-store"})


routes = [Route("/api/answer", answer, methods=["POST"])]
