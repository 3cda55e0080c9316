"""The console's REST API: 401 without sign-in, 403 for citizens and other staff, data for agents;
a citizen rates their own work order."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.api.main import build_api
from app.api.routes import agent as agent_routes
from app.contacts.service import create_contact
from app.hotline import service as hs
from app.identity.service import dev_last_code, request_code, verify_code
from app.ui.session import SESSION_COOKIE
from tests.hotline.conftest import CITIZEN_PHONE

AGENT_PHONE, SUP_PHONE, WINDOW_PHONE = "13900000001", "13900000003", "13900000004"
PATHS = ["/api/agent/queue", "/api/agent/suggest?q=尊老金怎么领", "/api/agent/work-orders", "/api/agent/gaps",
         "/api/agent/suggestion-stats"]


@pytest.fixture()
def api(db, monkeypatch):
    monkeypatch.setattr(agent_routes, "engine", lambda: db)
    return TestClient(build_api())


def token(db, phone: str) -> str:
    request_code(db, phone)
    tok, _acc = verify_code(db, phone, dev_last_code(db, phone))
    return tok


def get(api, path, tok=None):
    api.cookies.clear()
    if tok:
        api.cookies.set(SESSION_COOKIE, tok)
    return api.get(path)


def test_refused_without_the_right_role(api, db, agent, citizen, window_staff):
    create_contact(db, kind="handoff", channel="web", session_id="s", summary="转人工 秘密")
    for path in PATHS:
        assert get(api, path).status_code == 401
    citizen_tok, window_tok = token(db, CITIZEN_PHONE), token(db, WINDOW_PHONE)
    for path in PATHS:
        for tok in (citizen_tok, window_tok):
            r = get(api, path, tok)
            assert r.status_code == 403, path
            assert "秘密" not in r.text and "error" in r.json()


def test_agent_reads_queue_suggestions_orders_and_gaps(api, db, agent):
    c = create_contact(db, kind="handoff", channel="web", session_id="s", summary="尊老金 · 转人工",
                       transcript=[{"from": "user", "text": "公积金怎么提取"}])
    tok = token(db, AGENT_PHONE)
    assert [x["id"] for x in get(api, "/api/agent/queue", tok).json()["contacts"]] == [c.id]
    body = get(api, "/api/agent/suggest?q=尊老金怎么领", tok).json()
    assert body["good"] and body["suggestions"][0]["source"] and 0 < body["suggestions"][0]["confidence"] <= 1
    hs.claim(db, agent, c.id)
    wo = hs.create_work_order(db, agent, c.id, category="咨询", district="南京市", department="市民政局",
                              description="咨询公积金提取")
    orders = get(api, "/api/agent/work-orders", tok).json()["work_orders"]
    assert [(o["ref"], o["status_label"], o["overdue"]) for o in orders] == [(wo.ref, "待分派", False)]
    hs.note_weak_suggestions(db, agent, c.id, query="公积金怎么提取", best_entry=None, best_confidence=0.1)
    assert get(api, "/api/agent/gaps", tok).json()["gaps"][0]["question"] == "公积金怎么提取"
    assert get(api, "/api/agent/suggestion-stats", tok).json()["acceptance_rate"] is None


def test_the_citizen_rates_their_own_work_order(api, db, agent, citizen, other_citizen):
    c = create_contact(db, kind="handoff", channel="web", session_id="s", summary="转人工",
                       person_id=citizen.person_id)
    hs.claim(db, agent, c.id)
    wo = hs.create_work_order(db, agent, c.id, category="求助", district="南京市", department="市民政局",
                              description="尊老金没有到账")
    url = f"/api/work-orders/{wo.id}/rating"
    api.cookies.clear()
    assert api.post(url, json={"stars": 5}).status_code == 401
    api.cookies.set(SESSION_COOKIE, token(db, CITIZEN_PHONE))
    r = api.post(url, json={"stars": 5})
    assert r.status_code == 400 and "不能变为" in r.json()["error"]  # not fed back yet
    hs.assign(db, agent, wo.id)
    hs.start_handling(db, agent, wo.id)
    hs.feed_back(db, agent, wo.id, "已补发尊老金")
    api.cookies.clear()
    api.cookies.set(SESSION_COOKIE, token(db, "13700000009"))
    assert api.post(url, json={"stars": 1}).status_code == 403  # someone else's
    api.cookies.clear()
    api.cookies.set(SESSION_COOKIE, token(db, CITIZEN_PHONE))
    assert api.post(url, json={"stars": 9}).status_code == 400
    assert api.post(url, content="nope", headers={"content-type": "application/json"}).status_code == 400
    r = api.post(url, json={"stars": 4, "comment": "谢谢"})
    assert r.status_code == 200 and r.json()["status"] == "rated" and r.json()["rating"] == 4


def test_supervisor_sees_the_stats(api, db, supervisor):
    tok = token(db, SUP_PHONE)
    assert get(api, "/api/agent/suggestion-stats", tok).json() == {"acceptance_rate": None, "edit_rate": None,
                                                                    "entries": []}

