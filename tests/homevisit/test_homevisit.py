"""上门代办 domain: request for oneself or under an active delegation, the status flow, staff
roles, every act and read audited, personal data encrypted at rest — and the abuses refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.delegation import service as dg
from app.delegation.models import Delegation, Notification
from app.homevisit import service as hv
from app.homevisit.models import HomeVisit
from tests.homevisit.conftest import ADDRESS, FATHER_ID, PHONE, refreshed, staff_account

FORM = dict(service_code="MZ-ZLJ-01", address=ADDRESS, phone=PHONE, half_days=["mon-am", "wed-pm"],
            note="老人腿脚不便，请先打电话")


def _actions(db) -> list[str]:
    with Session(db) as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.object_type == "home_visit").order_by(AuditEvent.id)).all()
    return [r.action for r in rows]


def _for_father(db, kb, daughter, father, **kw):
    return hv.request(db, kb, daughter, for_person_id=father.person_id, **(FORM | kw))


# ------------------------------------------------------------------ requests


def test_a_request_for_oneself_gets_a_full_reference_and_masked_details(db, kb, father):
    v = hv.request(db, kb, father, **FORM)
    assert v.ref.startswith("SM") and len(v.ref) == 10
    assert v.status_label == "已提交" and v.for_self and v.can_cancel
    assert v.service_name == kb.services["MZ-ZLJ-01"].name
    assert v.name_masked == "王**" and v.address_masked == "南京市玄武区****" and v.phone_masked == "139****0000"
    assert v.half_days == ["周一上午", "周三下午"]
    with Session(db) as s:
        row = s.exec(select(HomeVisit)).one()
        assert row.person_id == father.person_id and row.delegation_id is None
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "home_visit.request")).one()
    assert ev.actor_account_id == father.account_id and ev.detail["ref"] == v.ref


def test_someone_without_identity_on_record_gives_a_name(db, kb, stranger):
    with pytest.raises(hv.HomeVisitError) as err:
        hv.request(db, kb, stranger, **FORM)
    assert err.value.field == "name" and "姓名" in err.value.message
    v = hv.request(db, kb, stranger, name="张桂英", **FORM)
    assert v.name_masked == "张**" and [x.ref for x in hv.mine(db, kb, stranger)] == [v.ref]


def test_a_request_for_a_father_under_an_active_delegation(db, kb, daughter, father, delegation):
    assert [(h.person_id, h.relationship) for h in hv.helpable(db, daughter)] == [(father.person_id, "子女")]
    v = _for_father(db, kb, daughter, father)
    assert not v.for_self and v.name_masked == "王**"
    with Session(db) as s:
        row = s.exec(select(HomeVisit)).one()
        assert row.person_id == father.person_id and row.delegation_id == delegation.id
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "home_visit.request")).one()
        assert ev.on_behalf_of_person_id == father.person_id and ev.delegation_id == delegation.id
        notes = [n.text for n in s.exec(select(Notification).where(Notification.person_id == father.person_id))]
    assert any(v.ref in n and "上门代办" in n for n in notes)
    # both see it: the requester, and the father in his own account
    assert [x.ref for x in hv.mine(db, kb, daughter)] == [v.ref]
    assert [x.ref for x in hv.mine(db, kb, father)] == [v.ref]
    assert hv.get(db, kb, father, v.ref).ref == v.ref
    # the daughter's read of her father's request is audited with the delegation
    with Session(db) as s:
        reads = s.exec(select(AuditEvent).where(AuditEvent.action == "home_visit.read")).all()
    assert reads and all(r.delegation_id == delegation.id and r.on_behalf_of_person_id == father.person_id
                         for r in reads)


def test_the_delegation_must_cover_the_service(db, kb, daughter, father):
    d = dg.request(db, daughter, kind="family", relationship="子女", principal_name="王德海",
                   principal_id_number=FATHER_ID, scope=["MZ-CJR-02"])
    dg.confirm_by_principal(db, father, d.id)
    with pytest.raises(hv.HomeVisitDenied):
        _for_father(db, kb, daughter, father)  # 尊老金 is not in scope
    assert _for_father(db, kb, daughter, father, service_code="MZ-CJR-02").service_code == "MZ-CJR-02"
    assert hv.helpable(db, daughter)[0].services == ["MZ-CJR-02"]


# ------------------------------------------------------------------ abuse


def test_a_stranger_cannot_request_for_someone(db, kb, father, stranger):
    with pytest.raises(hv.HomeVisitDenied) as err:
        hv.request(db, kb, stranger, for_person_id=father.person_id, **FORM)
    assert "有效授权" in err.value.message
    # a forged, non-existent person: the same words, and no row
    with pytest.raises(hv.HomeVisitDenied) as err2:
        hv.request(db, kb, stranger, for_person_id=999999, **FORM)
    assert err2.value.message == err.value.message
    with pytest.raises(hv.HomeVisitDenied):
        hv.request(db, kb, stranger, for_person_id="1 OR 1=1", **FORM)  # type: ignore[arg-type]
    with Session(db) as s:
        assert s.exec(select(HomeVisit)).all() == []
    assert _actions(db).count("home_visit.denied") == 3


def test_a_pending_delegation_gives_no_access(db, kb, daughter, father):
    dg.request(db, daughter, kind="family", relationship="子女", principal_name="王德海", principal_id_number=FATHER_ID)
    assert hv.helpable(db, daughter) == []
    with pytest.raises(hv.HomeVisitDenied):
        _for_father(db, kb, daughter, father)


def test_revoked_or_expired_delegation_stops_access_at_once(db, kb, daughter, father, delegation):
    v = _for_father(db, kb, daughter, father)
    dg.revoke(db, father, delegation.id)
    for call in (lambda: hv.get(db, kb, daughter, v.ref), lambda: hv.cancel(db, kb, daughter, v.ref),
                 lambda: _for_father(db, kb, daughter, father)):
        with pytest.raises(hv.HomeVisitDenied):
            call()
    assert hv.mine(db, kb, daughter) == []
    # the request stays with the father
    assert hv.get(db, kb, father, v.ref).status == "submitted"


def test_an_expired_delegation_gives_no_access(db, kb, daughter, father, delegation):
    with Session(db) as s:
        row = s.get(Delegation, delegation.id)
        row.valid_to = dg.now() - timedelta(minutes=1)
        s.add(row)
        s.commit()
    assert hv.helpable(db, daughter) == []
    with pytest.raises(hv.HomeVisitDenied):
        _for_father(db, kb, daughter, father)


def test_nobody_reads_or_cancels_another_persons_request_by_its_reference(db, kb, father, stranger, daughter):
    v = hv.request(db, kb, father, **FORM)
    for actor in (stranger, daughter):  # the daughter holds no delegation here
        for call in (lambda a=actor: hv.get(db, kb, a, v.ref), lambda a=actor: hv.cancel(db, kb, a, v.ref)):
            with pytest.raises(hv.HomeVisitDenied) as err:
                call()
            assert err.value.message == hv.MSG_NOT_FOUND
        assert hv.mine(db, kb, actor) == []
    # a forged reference gets the same answer as someone else's
    with pytest.raises(hv.HomeVisitDenied) as err:
        hv.get(db, kb, stranger, "SMAAAAAAAA")
    assert err.value.message == hv.MSG_NOT_FOUND
    with Session(db) as s:
        denied = s.exec(select(AuditEvent).where(AuditEvent.action == "home_visit.denied")).all()
    assert len(denied) == 5 and {d.detail["attempted"] for d in denied} == {"view", "cancel"}
    assert hv.get(db, kb, father, v.ref).status == "submitted"


def test_not_signed_in_is_refused(db, kb):
    with pytest.raises(hv.HomeVisitDenied) as err:
        hv.request(db, kb, None, **FORM)
    assert "登录" in err.value.message
    with pytest.raises(hv.HomeVisitDenied):
        hv.mine(db, kb, None)


def test_staff_functions_need_a_staff_role(db, kb, father, stranger, hotline):
    v = hv.request(db, kb, father, **FORM)
    for actor in (None, stranger, father, hotline):
        for call in (lambda a=actor: hv.open_requests(db, kb, a),
                     lambda a=actor: hv.reveal(db, kb, a, v.ref, "电话约时间"),
                     lambda a=actor: hv.assign(db, kb, a, v.ref, "13300133000"),
                     lambda a=actor: hv.record_visit(db, kb, a, v.ref, hv.OUTCOMES[0])):
            with pytest.raises(hv.HomeVisitDenied) as err:
                call()
            assert "工作人员" in err.value.message
    with pytest.raises(hv.HomeVisitDenied):
        hv.staff_actor(db, "13700007777")  # a citizen's phone
    with pytest.raises(hv.HomeVisitDenied):
        hv.staff_actor(db, "13300133004")  # hotline agents are not in the roles
    with pytest.raises(hv.HomeVisitDenied):
        hv.staff_actor(db, "13300000009")  # nobody


# ------------------------------------------------------------------ staff and the status flow


def test_the_staff_flow_list_reveal_assign_visit(db, kb, daughter, father, delegation, agent, window):
    v = _for_father(db, kb, daughter, father)
    rows = hv.open_requests(db, kb, window)
    assert [r.ref for r in rows] == [v.ref]
    assert rows[0].address_masked == "南京市玄武区****" and ADDRESS not in str(rows[0]) and PHONE not in str(rows[0])
    with pytest.raises(hv.HomeVisitError, match="原因"):
        hv.reveal(db, kb, window, v.ref, " ")
    full = hv.reveal(db, kb, window, v.ref, "电话约上门时间")
    assert full["address"] == ADDRESS and full["phone"] == PHONE and full["name"] == "王德海"
    # assign: only to a community agent
    with pytest.raises(hv.HomeVisitError, match="社区代办员"):
        hv.assign(db, kb, window, v.ref, "13300133002")  # window staff
    with pytest.raises(hv.HomeVisitError, match="社区代办员"):
        hv.assign(db, kb, window, v.ref, "13812345678")  # a citizen
    with pytest.raises(hv.HomeVisitError, match="只有已派单"):
        hv.record_visit(db, kb, agent, v.ref, hv.OUTCOMES[0])
    row = hv.assign(db, kb, window, v.ref, "13300133000")
    assert row.status_label == "已派给社区工作人员" and row.assigned_to == "133****3000"
    assert hv.get(db, kb, father, v.ref).status_label == "已派给社区工作人员"
    assert [r.ref for r in hv.open_requests(db, kb, agent, mine_only=True)] == [v.ref]
    with pytest.raises(hv.HomeVisitError, match="上门结果请选"):
        hv.record_visit(db, kb, agent, v.ref, "随便写的")
    done = hv.record_visit(db, kb, agent, v.ref, "已上门·已帮助提交申请", note="已帮老人填好尊老金申请 电话13912340000")
    assert done.status_label == "已上门" and done.outcome == "已上门·已帮助提交申请"
    seen = hv.get(db, kb, daughter, v.ref)
    assert seen.status_label == "已上门" and not seen.can_cancel
    assert hv.open_requests(db, kb, window) == []
    with pytest.raises(hv.HomeVisitError, match="不能再"):
        hv.cancel(db, kb, father, v.ref)
    with pytest.raises(hv.HomeVisitError, match="不能再派单"):
        hv.assign(db, kb, window, v.ref, "13300133000")
    with Session(db) as s:
        stored = s.exec(select(HomeVisit)).one()
        assert "13912340000" not in (stored.outcome_note or "")  # redacted before storage
        evs = s.exec(select(AuditEvent).where(AuditEvent.object_type == "home_visit")).all()
    acts = [e.action for e in evs]
    for a in ("home_visit.request", "home_visit.list", "home_visit.reveal", "home_visit.assign", "home_visit.visit"):
        assert a in acts, a
    reveal = next(e for e in evs if e.action == "home_visit.reveal")
    assert reveal.detail["reason"] == "电话约上门时间" and reveal.on_behalf_of_person_id == father.person_id
    assert reveal.actor_account_id == window.account_id
    # audit details never hold the address or phone in clear
    assert all(ADDRESS not in str(e.detail) and PHONE not in str(e.detail) for e in evs)


def test_only_the_assigned_agent_or_a_supervisor_records_the_visit(db, kb, father, agent, other_agent, supervisor):
    v = hv.request(db, kb, father, **FORM)
    hv.assign(db, kb, agent, v.ref, "13300133000")  # an agent may take a request themself
    with pytest.raises(hv.HomeVisitDenied, match="别的社区工作人员"):
        hv.record_visit(db, kb, other_agent, v.ref, hv.OUTCOMES[0])
    assert hv.record_visit(db, kb, supervisor, v.ref, "上门未遇·已电话联系").status == "visited"
    with Session(db) as s:
        denied = s.exec(select(AuditEvent).where(AuditEvent.action == "home_visit.denied")).one()
    assert denied.actor_account_id == other_agent.account_id


def test_the_person_or_the_requester_cancels_before_the_visit(db, kb, daughter, father, delegation, agent):
    v1 = _for_father(db, kb, daughter, father)
    v2 = _for_father(db, kb, daughter, father, service_code="MZ-CJR-02")
    hv.assign(db, kb, agent, v2.ref, "13300133000")
    assert hv.cancel(db, kb, father, v1.ref).status_label == "已取消"  # the person
    assert hv.cancel(db, kb, daughter, v2.ref).status_label == "已取消"  # the requester, after assignment
    with pytest.raises(hv.HomeVisitError, match="已取消"):
        hv.cancel(db, kb, father, v2.ref)
    assert hv.open_requests(db, kb, agent) == []
    with Session(db) as s:
        cancels = s.exec(select(AuditEvent).where(AuditEvent.action == "home_visit.cancel")).all()
        notes = [n.text for n in s.exec(select(Notification).where(Notification.person_id == father.person_id))]
    assert [c.detail["by"] for c in cancels] == ["person", "requester"]
    assert cancels[1].delegation_id == delegation.id
    assert any("已被代办人取消" in n for n in notes)


def test_open_requests_are_capped_per_account(db, kb, father):
    for _ in range(hv.MAX_OPEN_PER_ACCOUNT):
        hv.request(db, kb, father, **FORM)
    with pytest.raises(hv.HomeVisitError, match="还没上门的申请"):
        hv.request(db, kb, father, **FORM)


# ------------------------------------------------------------------ at rest


def test_address_phone_and_name_are_encrypted_at_rest(db, kb, daughter, father, delegation):
    _for_father(db, kb, daughter, father, phone="025-8320 1234")
    with db.connect() as conn:
        raw = " ".join(str(c) for row in conn.execute(text("SELECT * FROM home_visit")).all() for c in row)
        audit = " ".join(str(c) for row in conn.execute(text("SELECT * FROM audit_event")).all() for c in row)
    for clear in (ADDRESS, "长江路292号", "02583201234", "8320 1234", "王德海"):
        assert clear not in raw and clear not in audit, clear
    assert "025****1234" in raw and "南京市玄武区****" in raw


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"service_code": ""}, "service", "请选择要办的事"),
    ({"service_code": "MZ-HY-01"}, "service", "暂时不能上门代办"),
    ({"service_code": "<script>"}, "service", "暂时不能上门代办"),
    ({"address": ""}, "address", "请填写上门的地址"),
    ({"address": "家里"}, "address", "详细"),
    ({"address": "123456789"}, "address", "详细"),
    ({"address": "南京市" * 30}, "address", "80个字"),
    ({"address": "南京市玄武区<b>长江路</b>"}, "address", "符号"),
    ({"phone": ""}, "phone", "请填写联系电话"),
    ({"phone": "12345"}, "phone", "联系电话不正确"),
    ({"phone": "1e400"}, "phone", "联系电话不正确"),
    ({"half_days": []}, "half_days", "至少选择一个"),
    ({"half_days": ["sun-am"]}, "half_days", "列出的选项"),
    ({"half_days": "mon-am; DROP TABLE"}, "half_days", "列出的选项"),
    ({"note": "很" * 201}, "note", "200个字"),
])
def test_bad_input_gets_a_kind_chinese_message(db, kb, father, change, field, words):
    with pytest.raises(hv.HomeVisitError) as err:
        hv.request(db, kb, father, **(FORM | change))
    assert err.value.field == field and words in err.value.message
    assert not isinstance(err.value, hv.HomeVisitDenied)


def test_full_width_phone_and_landline_are_accepted(db, kb, father):
    assert hv.request(db, kb, father, **(FORM | {"phone": "１３９１２３４００００"})).phone_masked == "139****0000"
    assert hv.request(db, kb, father, **(FORM | {"phone": "(025)83201234"})).phone_masked == "025****1234"


def test_staff_bad_input(db, kb, father, window):
    with pytest.raises(hv.HomeVisitError, match="没有这个申请编号"):
        hv.assign(db, kb, window, "SM-NOPE", "13300133000")
    with pytest.raises(hv.HomeVisitError, match="手机号"):
        hv.assign(db, kb, window, hv.request(db, kb, father, **FORM).ref, "abc")
    with pytest.raises(hv.HomeVisitError, match="状态请选"):
        hv.open_requests(db, kb, window, status="whatever")


def test_a_staff_account_made_by_phone_is_found(db):
    staff_account(db, "13300133009", "community_agent")
    a = hv.staff_actor(db, "133 0013 3009")
    assert a.role == "community_agent" and a.channel == "cli"
    assert refreshed(db, a).account_id == a.account_id


def test_the_flow_on_postgresql(tmp_path, kb):
    """The same request, assignment and visit on a real PostgreSQL (JSON half-days, the unique 申请编号)."""
    from app.tables import create_tables
    from tests.applications.conftest import sign_in
    from tests.database import clean_postgres

    pg = clean_postgres()
    try:
        create_tables(pg)
        me = sign_in(pg, "13812345678")
        staff_account(pg, "13300133000", "community_agent")
        agent = hv.staff_actor(pg, "13300133000")
        v = hv.request(pg, kb, me, name="张桂英", **FORM)
        assert [r.half_days for r in hv.open_requests(pg, kb, agent)] == [["周一上午", "周三下午"]]
        hv.assign(pg, kb, agent, v.ref, "13300133000")
        assert hv.record_visit(pg, kb, agent, v.ref, hv.OUTCOMES[1]).status == "visited"
        assert hv.get(pg, kb, me, v.ref).status_label == "已上门"
    finally:
        pg.dispose()
