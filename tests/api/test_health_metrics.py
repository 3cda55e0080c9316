"""For operators: /api/health reports the database, Redis and Rasa honestly and leaks nothing;
/api/metrics serves Prometheus text to loopback or a bearer token only, labelled by route template;
the log of requests carrying an ID number and a phone holds neither."""

from __future__ import annotations

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.api.main import build_api
from app.api.routes.metrics import MetricsMiddleware
from app.core import web
from app.core.config import get_settings
from app.core.metrics import REQUESTS

ID_NUMBER, PHONE = "32010219900307261X", "13812345678"
LOOPBACK = ("127.0.0.1", 40000)


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture()
def settings(monkeypatch):
    s = get_settings()
    monkeypatch.setattr(s, "rasa_url", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setattr(s, "redis_url", "")
    monkeypatch.setattr(s, "metrics_token", "")
    return s


@pytest.fixture()
def api(database, monkeypatch, settings):
    """The API app with the metrics middleware (added here unless app/api/main.py already does)."""
    monkeypatch.setattr(web, "engine", lambda: database)
    REQUESTS.reset()
    app = build_api()
    if not any(m.cls is MetricsMiddleware for m in app.user_middleware):
        app = MetricsMiddleware(app)
    return app


@pytest.fixture()
def rasa_stub():
    class Hello(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"Hello from Rasa: 3.6.21")

        def log_message(self, *_args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# ---------------------------------------------------------------- health

def test_health_reports_each_part_in_one_word(api, settings):
    r = TestClient(api).get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["kb"]["services"] >= 45
    assert body["checks"] == {"database": "ok", "redis": "not configured", "rasa": "down"}
    assert body["degraded"] == ["rasa"]
    port = settings.rasa_url.rsplit(":", 1)[1]
    assert port not in r.text and "127.0.0.1" not in r.text and "Error" not in r.text


def test_health_says_rasa_ok_and_counts_servers_without_naming_them(api, settings, rasa_stub, monkeypatch):
    monkeypatch.setattr(settings, "rasa_url", rasa_stub)
    assert TestClient(api).get("/api/health").json()["checks"]["rasa"] == "ok"
    monkeypatch.setattr(settings, "rasa_url", f"{rasa_stub},http://127.0.0.1:{closed_port()}")
    r = TestClient(api).get("/api/health")
    assert r.json()["checks"]["rasa"] == "partial 1/2" and rasa_stub not in r.text


def test_health_pings_a_configured_redis(api, settings, monkeypatch):
    monkeypatch.setattr(settings, "redis_url", f"redis://:secret-pass@127.0.0.1:{closed_port()}/0")
    r = TestClient(api).get("/api/health")
    assert r.json()["checks"]["redis"] == "down" and r.json()["degraded"] == ["redis", "rasa"]
    assert "secret-pass" not in r.text and "redis://" not in r.text


def test_health_says_redis_ok_when_it_answers_ping(api, settings, monkeypatch):
    """A minimal RESP server (+PONG to PING, +OK to the client's hello commands)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve():
        conn, _ = server.accept()
        buf = b""
        with conn:
            while data := conn.recv(4096):
                buf += data
                while buf.startswith(b"*") and b"\r\n" in buf:
                    head, rest = buf.split(b"\r\n", 1)
                    parts, ok = [], True
                    for _ in range(int(head[1:])):
                        if b"\r\n" not in rest:
                            ok = False
                            break
                        size, rest = rest.split(b"\r\n", 1)
                        n = int(size[1:])
                        if len(rest) < n + 2:
                            ok = False
                            break
                        parts.append(rest[:n])
                        rest = rest[n + 2:]
                    if not ok:
                        break
                    buf = rest
                    conn.sendall(b"+PONG\r\n" if parts and parts[0].upper() == b"PING" else b"+OK\r\n")

    threading.Thread(target=serve, daemon=True).start()
    monkeypatch.setattr(settings, "redis_url", f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    try:
        assert TestClient(api).get("/api/health").json()["checks"]["redis"] == "ok"
    finally:
        server.close()


def test_health_is_503_when_the_database_does_not_answer(api, monkeypatch):
    def broken():
        raise RuntimeError("could not connect to server at 10.0.0.9 password=hunter2")

    monkeypatch.setattr(web, "engine", broken)
    r = TestClient(api).get("/api/health")
    assert r.status_code == 503
    assert r.json()["status"] == "down" and r.json()["checks"]["database"] == "down"
    assert "10.0.0.9" not in r.text and "hunter2" not in r.text


# ---------------------------------------------------------------- metrics

def test_metrics_are_prometheus_text_labelled_by_route_template(api):
    client = TestClient(api)
    client.get("/api/search", params={"q": f"身份证{ID_NUMBER} 电话{PHONE}"})
    client.get(f"/api/services/{ID_NUMBER}")
    client.get(f"/api/no-such/{PHONE}")
    r = TestClient(api, client=LOOPBACK).get("/api/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = r.text
    assert 'minzheng_http_requests_total{method="GET",route="/api/search",status="2xx"} 1' in text
    assert 'minzheng_http_requests_total{method="GET",route="/api/services/{code}",status="4xx"} 1' in text
    assert 'minzheng_http_requests_total{method="GET",route="(unmatched)",status="4xx"} 1' in text
    assert 'minzheng_http_request_duration_seconds_bucket{method="GET",route="/api/search",le="+Inf"} 1' in text
    assert 'minzheng_http_request_duration_seconds_count{method="GET",route="/api/search"} 1' in text
    assert "minzheng_http_requests_in_flight 1" in text  # the scrape itself
    assert "# TYPE minzheng_http_request_duration_seconds histogram" in text
    assert ID_NUMBER not in text and PHONE not in text and "1990" not in text and "5678" not in text


def test_errors_and_requests_in_flight_are_counted():
    REQUESTS.reset()

    async def boom(_request):
        raise RuntimeError("boom")

    async def probe(_request):
        return JSONResponse({"in_flight": REQUESTS.in_flight})

    app = Starlette(routes=[Route("/boom/{x}", boom), Route("/probe", probe)],
                    middleware=[Middleware(MetricsMiddleware)])
    client = TestClient(app, raise_server_exceptions=False)
    assert client.get(f"/boom/{PHONE}").status_code == 500
    assert client.get("/probe").json() == {"in_flight": 1}
    text = REQUESTS.render()
    assert 'minzheng_http_request_errors_total{method="GET",route="/boom/{x}"} 1' in text
    assert 'minzheng_http_requests_total{method="GET",route="/boom/{x}",status="5xx"} 1' in text
    assert "minzheng_http_requests_in_flight 0" in text and PHONE not in text


def test_metrics_are_closed_to_the_public(api, settings, monkeypatch):
    public = TestClient(api, client=("203.0.113.7", 40000))
    r = public.get("/api/metrics")
    assert r.status_code == 404 and r.content == b""
    proxied = TestClient(api, client=LOOPBACK)  # nginx on this machine forwards a public client
    r = proxied.get("/api/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
    assert r.status_code == 404 and r.content == b""
    assert public.get("/api/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404
    monkeypatch.setattr(settings, "metrics_token", "s3cret-token-for-prometheus")
    assert public.get("/api/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    r = public.get("/api/metrics", headers={"Authorization": "Bearer s3cret-token-for-prometheus"})
    assert r.status_code == 200 and "minzheng_http_requests_in_flight" in r.text


# ---------------------------------------------------------------- logs

def test_logs_of_requests_with_an_id_number_and_a_phone_hold_neither(api, caplog, monkeypatch, settings):
    from app.chat.service import get_chat_service

    monkeypatch.setattr(get_chat_service().rasa, "base_urls", [f"http://127.0.0.1:{closed_port()}"])
    caplog.set_level(logging.DEBUG)
    client = TestClient(api, raise_server_exceptions=False)
    said = f"我的身份证是{ID_NUMBER}，电话{PHONE}，能领尊老金吗"
    client.get("/api/search", params={"q": said})
    client.post("/api/answer", json={"q": said})
    client.post("/api/chat", json={"text": said})
    client.post("/api/auth/request-code", data={"phone": PHONE, "next": f"/me?id={ID_NUMBER}"})
    client.get("/api/eligibility/preview", params={"age": "80", "id": ID_NUMBER, "phone": PHONE})
    client.get(f"/api/services/{ID_NUMBER}", params={"phone": PHONE})
    client.get("/api/health")
    # The server's access log line, as uvicorn writes it (percent-encoded path and query).
    from urllib.parse import quote

    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:51000", "GET",
                                             "/api/search?q=" + quote(said), "1.1", 200)
    logging.getLogger("granian.access").info('"%(method)s %(path)s?%(query_string)s" %(status)d',
                                             {"method": "GET", "path": f"/api/services/{ID_NUMBER}",
                                              "query_string": "phone=" + PHONE, "status": 404})
    assert {"uvicorn.access", "granian.access"} <= {r.name for r in caplog.records}
    assert any(r.name == "minzheng.identity" for r in caplog.records)  # the development outbox
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in (ID_NUMBER, PHONE, ID_NUMBER[6:14], PHONE[3:]):
        assert secret not in logged, f"{secret} in the log:\n{logged}"
