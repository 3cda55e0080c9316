"""Service guides, policies and the eligibility rule over HTTP (what the action server reads)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.api.main import build_api


@pytest.fixture(scope="module")
def client():
    with TestClient(build_api()) as c:
        yield c


def test_service_list_and_guide(client, kb):
    items = client.get("/api/services").json()["services"]
    assert len(items) == len(kb.services)
    g = client.get("/api/services/MZ-ZLJ-01").json()
    assert g["name"] == "尊老金申领" and g["topic"] == "尊老金" and g["url"] == "/services/MZ-ZLJ-01"
    assert g["faqs"][0]["url"] == "/services/MZ-ZLJ-01#faq-1" and g["faqs"][0]["q"] == kb.services["MZ-ZLJ-01"].faqs[0].q
    assert g["apply_url"] == "/apply/MZ-ZLJ-01"
    assert {"conditions", "materials", "steps", "time_limit", "fee", "where", "phone"} <= set(g)
    assert client.get("/api/services/MZ-NOPE-01").status_code == 404


def test_policy(client, kb):
    pid = next(iter(kb.policies))
    p = client.get(f"/api/policies/{pid}").json()
    assert p["title"] == kb.policies[pid][0].title and p["url"] == f"/policies/{pid}"
    assert client.get("/api/policies/POL-NOPE-01").status_code == 404


@pytest.mark.parametrize("age,hukou,verdict", [
    ("82", "南京", "yes"), ("八十五岁", "苏州户口", "yes"), ("一百零一", "江苏", "yes"),
    ("79", "镇江", "maybe"), ("75", "南京", "no"), ("90", "安徽", "no"), ("90", "外省", "no"),
])
def test_zlj_eligibility_from_free_answers(client, age, hukou, verdict):
    r = client.get("/api/services/MZ-ZLJ-01/eligibility", params={"age": age, "hukou": hukou}).json()
    assert r["verdict"] == verdict, r
    assert r["source"]["url"] == "/services/MZ-ZLJ-01" and r["reasons"]


def test_eligibility_says_what_it_could_not_read(client):
    r = client.get("/api/services/MZ-ZLJ-01/eligibility", params={"age": "82", "hukou": "不知道"}).json()
    assert r["need"] == ["hukou"] and r["age"] == 82
    assert client.get("/api/services/MZ-HY-01/eligibility").status_code == 404
