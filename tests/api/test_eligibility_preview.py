"""GET /api/eligibility/preview through the ASGI app: a JSON list, or a kind Chinese 400."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.api.main import build_api

URL = "/api/eligibility/preview"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(build_api())


def test_preview_lists_matches_likely_first(client):
    r = client.get(URL, params={"birth_date": "1945-03-01", "hukou": "南京市"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body, list) and len(body) >= 6
    for m in body:
        assert {"service_code", "name", "verdict", "reasons", "missing"} <= set(m)
        assert m["verdict"] in ("likely", "maybe", "no")
    zlj = body[0]
    assert zlj["service_code"] == "MZ-ZLJ-01" and zlj["verdict"] == "likely" and zlj["missing"] == []
    assert zlj["apply_url"] == "/apply/MZ-ZLJ-01" and zlj["automatic"] is None
    db = next(m for m in body if m["service_code"] == "MZ-DB-01")
    assert db["verdict"] == "maybe" and any("低保标准" in x for x in db["missing"])


def test_further_facts_as_query_parameters(client):
    body = client.get(URL, params={"hukou": "南京", "disability": "肢体", "grade": "二级", "household": "低保",
                                   "long_term_care": "是"}).json()
    verdicts = {m["service_code"]: m["verdict"] for m in body}
    assert verdicts["MZ-CJR-01"] == verdicts["MZ-CJR-02"] == "likely"


def test_automatic_city(client):
    zlj = next(m for m in client.get(URL, params={"age": "85", "hukou": "苏州"}).json()
               if m["service_code"] == "MZ-ZLJ-01")
    assert zlj["automatic"]["no_application_needed"] is True and "免申请" in zlj["automatic"]["how"]


@pytest.mark.parametrize("params,field,words", [
    ({"birth_date": "1945-02-30", "hukou": "南京市"}, "birth_date", "没有30日"),
    ({"birth_date": "2999-01-01"}, "birth_date", "不能晚于今天"),
    ({"birth_date": "昨天"}, "birth_date", "格式"),
    ({"hukou": "火星市"}, "hukou", "没有找到"),
    ({"disability": "肢体", "grade": "9"}, "grade", "一级"),
    ({"age": "-3"}, "age", "整数"),
    ({"living_alone": "maybe"}, "living_alone", "是"),
    ({"city": "南京"}, "city", "不认识的参数"),
])
def test_bad_input_gets_a_kind_chinese_400(client, params, field, words):
    r = client.get(URL, params=params)
    assert r.status_code == 400
    body = r.json()
    assert body["field"] == field and words in body["error"]


def test_strange_input_is_never_a_500(client):
    for params in ({"hukou": "南" * 5000}, {"birth_date": "9" * 300}, {"grade": "\u0000"}, {"age": "1e9"},
                   {"county": "昆山"}, {"hukou": "江苏"}, {"household": "<script>"}):
        assert client.get(URL, params=params).status_code in (200, 400), params


def test_full_width_digits_are_read_like_ascii(client):
    # a phone keyboard or an IME gives １９４５: the same person, the same answer
    wide = client.get(URL, params={"birth_date": "１９４５-０３-０１", "hukou": "南京市"})
    plain = client.get(URL, params={"birth_date": "1945-03-01", "hukou": "南京市"})
    assert wide.status_code == 200 and wide.json() == plain.json()


def test_a_flood_of_parameters_is_refused_kindly(client):
    r = client.get(URL + "?" + "&".join(f"p{i}=1" for i in range(60)))
    assert r.status_code == 400 and "参数太多" in r.json()["error"]
