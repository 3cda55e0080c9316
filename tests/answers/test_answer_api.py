"""POST /api/answer through the ASGI app: answers, honest unsure, 400 for malformed bodies, gaps."""

from __future__ import annotations

import json

from sqlmodel import Session, select
from starlette.testclient import TestClient

from app.api.main import build_api


def client() -> TestClient:
    return TestClient(build_api())


def test_answer_with_context():
    r = client().post("/api/answer", json={"q": "尊老金每月多少钱", "context": {"city": "南京市", "age": 85}})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"text", "status", "facet", "service_code", "source", "confidence", "missing", "parts"}
    assert body["facet"] == "amount" and body["service_code"] == "MZ-ZLJ-01"
    assert "南京" in body["text"]
    assert body["source"]["kind"] in ("faq", "guide", "policy", "local") and body["source"]["url"]


def test_bad_inputs_are_answers_not_errors():
    for q in ("", "🙂", "尊" * 2000, "尊老京", "低包", "我們這裡", "dibao"):
        r = client().post("/api/answer", json={"q": q})
        assert r.status_code == 200, q
        assert r.json()["status"] in ("answered", "partial", "unsure")


def test_wrong_context_types_are_ignored():
    r = client().post("/api/answer", json={"q": "低保怎么申请", "context": {"age": "很老", "city": 3, "previous_service": []}})
    assert r.status_code == 200 and r.json()["service_code"].startswith("MZ-DB")
    r = client().post("/api/answer", json={"q": "低保怎么申请", "context": "南京"})
    assert r.status_code == 200


def test_malformed_bodies_get_a_chinese_400():
    c = client()
    for body in (b"not json", b"[1,2]", b"\xff\xfe", b'"q"', json.dumps({"q": 5}).encode()):
        r = c.post("/api/answer", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, body
        assert "请求" in r.json()["error"] or "文字" in r.json()["error"]


def test_abstention_is_recorded_as_a_gap():
    from app.core.web import engine
    from app.hotline.models import KbGap

    q = "浙江省的尊老金每月发多少"
    client().post("/api/answer", json={"q": q})
    client().post("/api/answer", json={"q": q})  # noted once
    with Session(engine()) as s:
        rows = s.exec(select(KbGap).where(KbGap.question == q)).all()
    assert len(rows) == 1 and rows[0].reason == "other_region"
