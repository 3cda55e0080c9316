"""为您推荐: consent first; the record's facts plus what the person adds (encrypted, deleted on
revocation); someone else's only under an active delegation, record only, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from app.applications.models import Application
from app.audit.models import AuditEvent
from app.recommend import service as rs
from app.recommend.models import RecommendConsent, RecommendFacts

TODAY = date(2026, 12, 1)
ZLJ, CJR2 = "MZ-ZLJ-01", "MZ-CJR-02"
CARE = {"disability": "肢体", "grade": "1", "long_term_care": "是", "living_alone": "是"}


def codes(recs) -> list[str]:
    return [m.service_code for m in recs.matches]


def audit(database, action: str) -> list[AuditEvent]:
    with Session(database) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


@pytest.fixture()
def elder(make_person, make_account):
    """Born 1940, 户籍 南京市: 尊老金 from the record alone."""
    return make_account("13800000001", make_person("19400301", "南京市", "王桂英"))


def test_without_consent_nothing_is_computed_or_stored(database, kb, elder):
    with pytest.raises(rs.ConsentNeeded):
        rs.recommendations(database, kb, elder, today=TODAY)
    with pytest.raises(rs.ConsentNeeded):
        rs.save_facts(database, elder, CARE)
    assert rs.my_facts(database, elder) == {}
    with Session(database) as s:
        assert s.exec(select(RecommendFacts)).all() == [] and s.exec(select(RecommendConsent)).all() == []
    assert not rs.revoke_consent(database, elder)


def test_no_identity_no_consent(database, make_account):
    anon = make_account("13800000009")
    with pytest.raises(rs.RecommendError) as err:
        rs.give_consent(database, anon)
    assert "本人信息" in err.value.message


def test_consent_gives_record_based_recommendations(database, kb, elder):
    c = rs.give_consent(database, elder)
    assert c.scope == "为您推荐" and c.revoked_at is None and c.person_id == elder.person_id
    assert rs.give_consent(database, elder).id == c.id  # twice is one consent
    recs = rs.recommendations(database, kb, elder, today=TODAY)
    zlj = next(m for m in recs.matches if m.service_code == ZLJ)
    assert zlj.verdict == "likely" and zlj.apply_url and zlj.automatic is None
    assert recs.for_self and any("86周岁" in k for k in recs.known) and any("南京市" in k for k in recs.known)
    assert all(m.verdict in ("likely", "maybe") for m in recs.matches)
    [ev] = audit(database, "recommend.consent")
    assert ev.on_behalf_of_person_id == elder.person_id and ev.actor_account_id == elder.account_id


def test_added_facts_are_used_and_encrypted_at_rest(database, kb, elder):
    rs.give_consent(database, elder)
    before = rs.recommendations(database, kb, elder, today=TODAY)
    assert rs.save_facts(database, elder, CARE) == CARE
    after = rs.recommendations(database, kb, elder, today=TODAY)
    cjr2 = next(m for m in after.matches if m.service_code == CJR2)
    assert cjr2.verdict == "likely" and CJR2 not in [m.service_code for m in before.matches if m.verdict == "likely"]
    assert "是否独居" in after.added
    assert rs.my_facts(database, elder) == CARE
    with database.connect() as conn:
        raw = conn.execute(text("SELECT * FROM recommend_facts")).all()
    assert len(raw) == 1
    dump = repr(tuple(raw[0]))
    for clear in ("肢体", "long_term_care", "living_alone", "是"):
        assert clear not in dump
    [ev] = audit(database, "recommend.facts.save")
    assert ev.detail == {"fields": sorted(CARE)}  # names only, never the values


def test_bad_input_names_the_field_and_stores_nothing(database, elder):
    rs.give_consent(database, elder)
    with pytest.raises(rs.RecommendError) as err:
        rs.save_facts(database, elder, {"disability": "肢体", "grade": "五级"})
    assert err.value.field == "grade" and "一级" in err.value.message
    with pytest.raises(rs.RecommendError):
        rs.save_facts(database, elder, {"birth_date": "1940-01-01"})  # the record gives that
    with Session(database) as s:
        assert s.exec(select(RecommendFacts)).all() == []


def test_revoking_deletes_what_was_added(database, kb, elder):
    rs.give_consent(database, elder)
    rs.save_facts(database, elder, CARE)
    assert rs.revoke_consent(database, elder)
    with database.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM recommend_facts")).scalar() == 0
        assert conn.execute(text("SELECT revoked_at FROM recommend_consent")).scalar() is not None
    with pytest.raises(rs.ConsentNeeded):
        rs.recommendations(database, kb, elder, today=TODAY)
    [ev] = audit(database, "recommend.revoke")
    assert ev.detail["facts_deleted"] is True
    # consenting again starts empty: nothing comes back
    rs.give_consent(database, elder)
    assert rs.my_facts(database, elder) == {}
    with Session(database) as s:
        assert len(s.exec(select(RecommendConsent)).all()) == 2


def test_already_applied_and_receiving_are_left_out(database, kb, elder):
    rs.give_consent(database, elder)
    with Session(database) as s:
        s.add(Application(service_code=ZLJ, beneficiary_person_id=elder.person_id,
                          submitted_by_account_id=elder.account_id, status="submitted"))
        s.commit()
    rs.save_facts(database, elder, {"household": "低保"})
    recs = rs.recommendations(database, kb, elder, today=TODAY)
    assert ZLJ not in codes(recs) and "MZ-DB-01" not in codes(recs)
    assert any("尊老金" in n for n in recs.left_out) and len(recs.left_out) == 2


def test_suzhou_zunlaojin_needs_no_application(database, kb, make_person, make_account):
    sz = make_account("13800000003", make_person("19400301", "苏州市"))
    rs.give_consent(database, sz)
    zlj = next(m for m in rs.recommendations(database, kb, sz, today=TODAY).matches if m.service_code == ZLJ)
    assert zlj.automatic is not None and "自动发放" in zlj.automatic.how


def test_agent_under_an_active_delegation_sees_the_record_only_and_is_audited(
        database, kb, elder, make_person, make_account, delegate):
    son = make_account("13800000002", make_person("19700101", "南京市", "王小明"))
    did = delegate(elder.person_id, son)
    # the mother consented for herself and added her disability: that is hers, not the son's to see
    rs.give_consent(database, elder)
    rs.save_facts(database, elder, CARE)
    [helpee] = rs.people_for(database, son)
    assert (helpee.person_id, helpee.name, helpee.delegation_id) == (elder.person_id, "王桂英", did)
    recs = rs.recommendations(database, kb, son, elder.person_id, today=TODAY)
    assert not recs.for_self and ZLJ in codes(recs) and recs.added == []
    assert CJR2 not in [m.service_code for m in recs.matches if m.verdict == "likely"]
    [ev] = audit(database, "recommend.read")
    assert (ev.actor_account_id, ev.on_behalf_of_person_id, ev.delegation_id) == (son.account_id, elder.person_id, did)
    assert ZLJ in ev.detail["likely"] and "1940" not in str(ev.detail)
    # storing facts for her is refused, whatever the delegation says
    with pytest.raises(rs.RecommendDenied) as err:
        rs.save_facts(database, son, CARE, person_id=elder.person_id)
    assert "本人" in err.value.message
    # the son's own recommendations still need his own consent
    with pytest.raises(rs.ConsentNeeded):
        rs.recommendations(database, kb, son, today=TODAY)


def test_a_scoped_delegation_shows_only_its_services(database, kb, elder, make_person, make_account, delegate):
    agent = make_account("13800000004")
    delegate(elder.person_id, agent, scope=[ZLJ])
    recs = rs.recommendations(database, kb, agent, elder.person_id, today=TODAY)
    assert codes(recs) == [ZLJ] and recs.scope_limited


@pytest.mark.parametrize("status", ["pending", "revoked", "expired", "declined"])
def test_no_active_delegation_no_recommendations(database, kb, elder, make_account, delegate, status):
    agent = make_account("13800000005")
    delegate(elder.person_id, agent, status=status)
    assert rs.people_for(database, agent) == []
    with pytest.raises(rs.RecommendDenied) as err:
        rs.recommendations(database, kb, agent, elder.person_id, today=TODAY)
    assert err.value.message == rs.MSG_NOT_ALLOWED
    assert audit(database, "recommend.read") == []


def test_a_stranger_is_refused_the_same_way_whether_the_person_exists_or_not(database, kb, elder, make_account):
    stranger = make_account("13800000006")
    for pid in (elder.person_id, 99999):
        with pytest.raises(rs.RecommendDenied) as err:
            rs.recommendations(database, kb, stranger, pid, today=TODAY)
        assert err.value.message == rs.MSG_NOT_ALLOWED
    assert audit(database, "recommend.read") == []
