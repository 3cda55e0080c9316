"""Failover between Rasa servers (issue 14, part 5): a conversation whose own server cannot be
reached is answered by the next one; a server that took the request but failed is not retried
elsewhere (the message may have been applied); with none reachable the caller gets
RasaUnavailable and answers from search. Stub servers through httpx's MockTransport."""

from __future__ import annotations

import httpx
import pytest

from app.chat import rasa as rasa_mod
from app.chat.rasa import RasaClient, RasaUnavailable
from tests.bot.servers import run_async

A, B, C = "http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3"


def stub(client: RasaClient, behaviour: dict[str, str], calls: list[str]) -> None:
    """``behaviour[url]``: "ok" (answers), "down" (connection refused), "error" (500), "timeout"."""

    def transport_for(url: str) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            calls.append(url)
            kind = behaviour[url]
            if kind == "down":
                raise httpx.ConnectError("refused", request=request)
            if kind == "timeout":
                raise httpx.ReadTimeout("slow", request=request)
            if kind == "error":
                return httpx.Response(500, text="boom")
            return httpx.Response(200, json=[{"recipient_id": "x", "text": f"来自 {url[-1]}"}])
        return httpx.MockTransport(handle)

    clients = {u: httpx.AsyncClient(base_url=u, transport=transport_for(u)) for u in behaviour}
    client._client = lambda base_url=None: clients[base_url or client.base_url]


def sender_on(client: RasaClient, server: str) -> str:
    return next(s for s in (f"web-{i}" for i in range(200)) if client.server_for(s) == server)


def test_a_conversation_goes_to_the_next_server_when_its_own_is_down():
    client, calls = RasaClient(",".join([A, B, C]), token="t"), []
    stub(client, {A: "down", B: "ok", C: "ok"}, calls)
    replies = run_async(client.send(sender_on(client, A), "尊老金怎么领"))
    assert replies[0]["text"] == "来自 2" and calls == [A, B]
    # the dead one is passed over for a while: the next turn goes straight to B
    calls.clear()
    assert run_async(client.send(sender_on(client, A), "要带什么材料"))[0]["text"] == "来自 2"
    assert calls == [B]
    # other conversations keep their own server
    calls.clear()
    assert run_async(client.send(sender_on(client, C), "低保"))[0]["text"] == "来自 3" and calls == [C]


def test_a_server_that_came_back_gets_its_conversations_again(monkeypatch):
    client, calls = RasaClient(",".join([A, B]), token="t"), []
    behaviour = {A: "down", B: "ok"}
    stub(client, behaviour, calls)
    sender = sender_on(client, A)
    run_async(client.send(sender, "你好"))
    monkeypatch.setattr(rasa_mod, "DOWN_FOR_S", 0.0)
    client._down_until[A] = 0.0
    behaviour[A] = "ok"
    calls.clear()
    assert run_async(client.send(sender, "你好"))[0]["text"] == "来自 1" and calls == [A]


@pytest.mark.parametrize("kind", ["error", "timeout"])
def test_a_server_that_took_the_message_is_not_retried_elsewhere(kind):
    client, calls = RasaClient(",".join([A, B]), token="t"), []
    stub(client, {A: kind, B: "ok"}, calls)
    with pytest.raises(RasaUnavailable):
        run_async(client.send(sender_on(client, A), "尊老金怎么领"))
    assert calls == [A]


def test_with_every_server_down_the_caller_answers_from_search():
    client, calls = RasaClient(",".join([A, B]), token="t"), []
    stub(client, {A: "down", B: "down"}, calls)
    with pytest.raises(RasaUnavailable):
        run_async(client.send("web-1", "尊老金怎么领"))
    assert sorted(calls) == [A, B]
