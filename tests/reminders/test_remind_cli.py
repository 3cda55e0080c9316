"""``minzheng remind run``: --dry-run writes nothing; two runs make one reminder."""

from __future__ import annotations

from sqlmodel import Session, select

from app.cli import main
from app.reminders.models import Reminder


def test_remind_run_dry_run_then_twice(database, make_person, capsys):
    make_person("19460315", "南京市")
    url = str(database.url)
    assert main(["remind", "run", "--now", "2026-02-15", "--dry-run", "--database-url", url]) == 0
    assert "年龄到了可以申请的待遇（如尊老金） 1" in capsys.readouterr().out
    with Session(database) as s:
        assert s.exec(select(Reminder)).all() == []
    assert main(["remind", "run", "--now", "2026-02-15", "--database-url", url]) == 0
    assert "新提醒 1 条" in capsys.readouterr().out
    assert main(["remind", "run", "--now", "2026-02-16", "--database-url", url]) == 0
    assert "新提醒 0 条" in capsys.readouterr().out
    with Session(database) as s:
        assert len(s.exec(select(Reminder)).all()) == 1


def test_remind_run_before_the_month_makes_nothing(database, make_person, capsys):
    make_person("19460315", "南京市")
    assert main(["remind", "run", "--now", "2026-02-14", "--database-url", str(database.url)]) == 0
    assert "新提醒 0 条" in capsys.readouterr().out
