"""``minzheng remind run [--now 2026-02-15] [--dry-run]`` — 定点提醒: create the reminders due and
send their SMS (in development: a log line, no SMS). Safe to run as often as wanted (e.g. daily
from cron): each reminder exists and is sent once (``app/reminders``)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo


def _now(raw: str | None) -> datetime:
    """``--now`` as a Beijing date (noon) or an ISO timestamp; default: now."""
    if not raw:
        return datetime.now(UTC)
    try:
        if len(raw) == 10:
            d = datetime.strptime(raw, "%Y-%m-%d").date()
            return datetime.combine(d, time(12), ZoneInfo("Asia/Shanghai")).astimezone(UTC)
        dt = datetime.fromisoformat(raw)
    except ValueError:
        raise SystemExit("--now 请写成 2026-02-15 或 2026-02-15T09:00+08:00") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=ZoneInfo("Asia/Shanghai"))


def cmd_remind_run(args: argparse.Namespace) -> int:
    from app.core.db import make_engine
    from app.knowledge.loader import load_kb
    from app.reminders.models import KINDS
    from app.reminders.service import compute_due, send_due
    from app.tables import create_tables

    engine = make_engine(args.database_url)
    create_tables(engine)
    now, kb = _now(args.now), load_kb()
    if args.dry_run:
        due = compute_due(engine, now, kb)
        counts = {k: sum(1 for d in due if d.kind == k) for k in KINDS}
        print("将要生成的提醒：" + "，".join(f"{KINDS[k]} {n}" for k, n in counts.items()) + "（未写入，未发送）")
        return 0
    report = send_due(engine, now, kb)
    print(report.summary())
    return 0 if report.sms_failed == 0 else (1 if args.strict else 0)


def register(subparsers: argparse._SubParsersAction) -> None:
    r = subparsers.add_parser("remind", help="定点提醒").add_subparsers(dest="remind_command", required=True)
    run = r.add_parser("run", help="生成到期的提醒并发送短信（每条只发一次）")
    run.add_argument("--now", default=None, help="按这一天（北京时间）计算，默认现在")
    run.add_argument("--dry-run", action="store_true", help="只统计，不写入、不发送")
    run.add_argument("--strict", action="store_true", help="有短信发送失败时返回 1")
    run.add_argument("--database-url", default=None)
    run.set_defaults(func=cmd_remind_run)


