"""``minzheng visit``: refused without a staff account; list (masked), show (full, audited),
assign, record — through the real command line parser."""

from __future__ import annotations

from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.cli import main
from app.homevisit import service as hv
from tests.homevisit.conftest import ADDRESS, PHONE
from tests.homevisit.test_homevisit import FORM


def test_the_staff_commands(db, kb, father, capsys):
    url = str(db.url)
    v = hv.request(db, kb, father, **FORM)
    assert main(["visit", "list", "--staff-phone", "13300133000", "--database-url", url]) == 3
    assert "工作人员" in capsys.readouterr().err
    for phone, role in (("13300133000", "community_agent"), ("13300133002", "window_staff")):
        assert main(["staff", "add", phone, "--role", role, "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["visit", "list", "--staff-phone", "13300133002", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert v.ref in out and "南京市玄武区****" in out and ADDRESS not in out and PHONE not in out
    assert main(["visit", "show", "--staff-phone", "13300133002", "--ref", v.ref, "--reason", "x",
                 "--database-url", url]) == 2
    assert "原因" in capsys.readouterr().err
    assert main(["visit", "show", "--staff-phone", "13300133002", "--ref", v.ref, "--reason", "电话约时间",
                 "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert ADDRESS in out and PHONE in out
    assert main(["visit", "assign", "--staff-phone", "13300133002", "--ref", v.ref, "--agent-phone", "13300133002",
                 "--database-url", url]) == 2
    assert main(["visit", "assign", "--staff-phone", "13300133002", "--ref", v.ref, "--agent-phone", "13300133000",
                 "--database-url", url]) == 0
    assert main(["visit", "record", "--staff-phone", "13300133000", "--ref", v.ref, "--outcome",
                 "已上门·已帮助提交申请", "--note", "已办好", "--database-url", url]) == 0
    assert "已上门" in capsys.readouterr().out
    assert hv.get(db, kb, father, v.ref).status == "visited"
    with Session(db) as s:
        acts = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.object_type == "home_visit"))]
    assert acts.count("home_visit.reveal") == 1 and "home_visit.assign" in acts and "home_visit.visit" in acts
