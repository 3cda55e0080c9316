"""curl sends ``?q=尊老金`` as raw UTF-8 bytes: the API reads them as the person typed them."""

from __future__ import annotations

from starlette.requests import Request

from app.api.params import query_params


def _request(raw: bytes) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/api/search", "query_string": raw, "headers": []})


def test_raw_utf8_bytes_are_read_as_utf8():
    params = query_params(_request("q=尊老金&hukou=南京市".encode()))
    assert params["q"] == "尊老金" and params["hukou"] == "南京市"


def test_percent_encoded_and_ascii_values_are_unchanged():
    params = query_params(_request(b"q=%E5%B0%8A%E8%80%81%E9%87%91&limit=5&x=caf%C3%A9"))
    assert params["q"] == "尊老金" and params["limit"] == "5" and params["x"] == "café"


def test_bytes_that_are_not_utf8_are_left_alone():
    # what Starlette made of invalid UTF-8 is kept as it is: no error, nothing dropped
    assert query_params(_request(b"q=%FF%FE"))["q"] == _request(b"q=%FF%FE").query_params["q"]
