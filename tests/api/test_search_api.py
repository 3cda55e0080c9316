"""GET /api/search and /api/health through the ASGI app (Starlette's test client)."""

from __future__ import annotations

from starlette.testclient import TestClient

from app.api.main import build_api


def client() -> TestClient:
    return TestClient(build_api())


def test_search_returns_grouped_chinese_json():
    r = client().get("/api/search", params={"q": "我們宣城市有高齡津貼嗎", "limit": 5})
    assert r.status_code == 200
    assert "高龄" in r.text  # UTF-8 Chinese, not escaped away
    body = r.json()
    assert body["status"] == "ok"
    assert body["topic"] == "尊老金"
    assert len(body["results"]) == 5
    assert set(body["groups"]) == {"政策", "服务", "问题"}


def test_empty_query_is_not_an_error():
    body = client().get("/api/search", params={"q": ""}).json()
    assert body["status"] == "empty" and body["hint"] and body["suggestions"]


def test_bad_limit_gets_a_chinese_400():
    r = client().get("/api/search", params={"q": "低保", "limit": "abc"})
    assert r.status_code == 400
    assert "limit" in r.json()["error"] and "整数" in r.json()["error"]


def test_health_reports_the_kb():
    body = client().get("/api/health").json()
    assert body["status"] == "ok" and body["kb"]["services"] >= 45
