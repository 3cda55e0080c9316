"""Service guides, policies and the eligibility rule over HTTP (read-only knowledge base views).

GET /api/services                        every item: code, name, topic, online, url
GET /api/services/{code}                 the standardised guide of one item, with FAQs and policies
GET /api/services/{code}/eligibility     ?age=82&hukou=南京 → the 测一测 rule's result (尊老金)
GET /api/policies/{id}                   one policy

The assistant's action server (Rasa's venv, no app imports) reads the knowledge base here.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.chat import guide
from app.core import urls
from app.search.engine import get_engine

MSG_NO_SERVICE = "没有找到编码为 {code} 的事项。"
MSG_NO_POLICY = "没有找到编号为 {id} 的政策。"
MSG_NO_CHECK = "这个事项暂不支持在对话里测一测，请看办事指南中的申请条件。"
#: The checks the assistant can run from free answers (age and 户籍).
FREE_TEXT_CHECKS = {"MZ-ZLJ-01": guide.zlj_eligibility}


def _kb():
    return get_engine().kb


async def list_services(_request: Request) -> JSONResponse:
    return JSONResponse({"services": guide.service_index(_kb()), "kb_hash": _kb().content_hash})


async def get_service(request: Request) -> JSONResponse:
    code = request.path_params["code"]
    view = guide.service_guide(_kb(), code)
    if view is None:
        return JSONResponse({"error": MSG_NO_SERVICE.format(code=code)}, status_code=404)
    return JSONResponse(view)


async def check_eligibility(request: Request) -> JSONResponse:
    code = request.path_params["code"]
    if code not in _kb().services:
        return JSONResponse({"error": MSG_NO_SERVICE.format(code=code)}, status_code=404)
    rule = FREE_TEXT_CHECKS.get(code)
    if rule is None:
        return JSONResponse({"error": MSG_NO_CHECK, "url": urls.service_url(code)}, status_code=404)
    q = request.query_params
    return JSONResponse(rule(_kb(), q.get("age", "")[:40], q.get("hukou", "")[:80]))


async def get_policy(request: Request) -> JSONResponse:
    pid = request.path_params["id"]
    view = guide.policy_view(_kb(), pid)
    if view is None:
        return JSONResponse({"error": MSG_NO_POLICY.format(id=pid)}, status_code=404)
    return JSONResponse(view)


routes = [
    Route("/api/services", list_services, methods=["GET"]),
    Route("/api/services/{code}", get_service, methods=["GET"]),
    Route("/api/services/{code}/eligibility", check_eligibility, methods=["GET"]),
    Route("/api/policies/{id}", get_policy, methods=["GET"]),
]
