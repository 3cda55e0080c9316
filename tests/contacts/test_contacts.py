import pytest

from app.contacts.service import create_contact, get_contact, set_status, waiting_contacts


@pytest.fixture()
def engine(database):
    """The fresh database (tests/conftest.py ``database``), not the search engine."""
    return database


def test_handoff_is_queued_with_redacted_transcript(engine):
    c = create_contact(engine, kind="handoff", channel="web", session_id="s1",
                       summary="用户要求转人工 13812345678",
                       transcript=[{"from": "user", "text": "我身份证11010519491231002X"}], topic="尊老金")
    assert c.id and c.status == "waiting"
    stored = get_contact(engine, c.id)
    assert "11010519491231002X" not in str(stored.transcript)
    assert "13812345678" not in stored.summary
    assert [x.id for x in waiting_contacts(engine)] == [c.id]


def test_claim_and_close(engine):
    c = create_contact(engine, kind="kiosk_help", channel="kiosk", session_id="k1", summary="呼叫工作人员")
    set_status(engine, c.id, "claimed", by="agent-1")
    assert waiting_contacts(engine) == []
    assert set_status(engine, c.id, "closed").status == "closed"
    with pytest.raises(ValueError):
        set_status(engine, c.id, "lost")
    with pytest.raises(ValueError):
        create_contact(engine, kind="spam", channel="web", session_id="x", summary="x")
