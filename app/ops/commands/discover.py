"""``minzheng discover`` — 主动发现: list potential beneficiaries for community agents to contact;
``minzheng outreach record|show`` — record a 电话/上门 contact, reveal one lead's phone (audited).

    minzheng discover --staff-phone 13800000000 --csv residents.csv --out leads.csv
    minzheng discover --staff-phone 13800000000 --database --out leads.csv [--service MZ-ZLJ-01]
    minzheng outreach record --staff-phone … --lead 12 --method 电话 --outcome 联系上·愿意申请 [--note …]
    minzheng outreach show --staff-phone … --lead 12 --reason 电话告知尊老金申请

Refuses without a staff account (made by ``minzheng staff add``). The residents CSV format is in
``app/outreach/residents.py``; the leads CSV (UTF-8 with BOM, opens in Excel) masks ID numbers,
phones and names. Bad rows are listed with their line numbers on stderr; the rest still runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _engine(url: str | None):
    from app.core.db import make_engine
    from app.tables import create_tables

    engine = make_engine(url)
    create_tables(engine)
    return engine


def cmd_discover(args: argparse.Namespace) -> int:
    from app.knowledge.loader import load_kb
    from app.outreach.residents import CsvFormatError
    from app.outreach.service import (
        OutreachDenied,
        OutreachError,
        discover_csv,
        discover_database,
        leads_csv,
        staff_actor,
    )

    if bool(args.csv) == bool(args.database):
        print("请选择一种来源：--csv 居民名单.csv，或 --database（库里已有的人）。", file=sys.stderr)
        return 2
    engine = _engine(args.database_url)
    try:
        actor = staff_actor(engine, args.staff_phone or "")
        kb = load_kb()
        if args.csv:
            path = Path(args.csv)
            if not path.is_file():
                print(f"找不到文件：{path}", file=sys.stderr)
                return 2
            result = discover_csv(engine, kb, actor, path.read_bytes(), services=args.service or None,
                                  max_missing=args.max_missing)
        else:
            result = discover_database(engine, kb, actor, services=args.service or None, max_missing=args.max_missing)
    except (OutreachDenied, OutreachError, CsvFormatError) as exc:
        print(getattr(exc, "message", str(exc)), file=sys.stderr)
        return 3 if isinstance(exc, OutreachDenied) else 2
    for w in result.warnings:
        print(f"提示：{w}", file=sys.stderr)
    for e in result.errors:
        print(str(e), file=sys.stderr)
    Path(args.out).write_text(leads_csv(result), encoding="utf-8-sig", newline="")
    per = "，".join(f"{k} {v}" for k, v in result.per_service().items()) or "无"
    print(f"第 {result.run_id} 次主动发现：读取 {result.residents} 人，有问题的行 {len(result.errors)}，"
          f"线索 {len(result.leads)} 条（{per}），已写入 {args.out}。")
    return 0


def cmd_outreach_record(args: argparse.Namespace) -> int:
    from app.outreach.service import OutreachDenied, OutreachError, record_contact, staff_actor

    engine = _engine(args.database_url)
    try:
        actor = staff_actor(engine, args.staff_phone or "")
        c = record_contact(engine, actor, args.lead, args.method, args.outcome, args.note or "")
    except (OutreachDenied, OutreachError) as exc:
        print(exc.message, file=sys.stderr)
        return 3 if isinstance(exc, OutreachDenied) else 2
    print(f"已记录：线索 {c.lead_id} · {c.method} · {c.outcome}")
    return 0


def cmd_outreach_show(args: argparse.Namespace) -> int:
    from app.outreach.service import OutreachDenied, OutreachError, contact_details, staff_actor

    engine = _engine(args.database_url)
    try:
        actor = staff_actor(engine, args.staff_phone or "")
        d = contact_details(engine, actor, args.lead, args.reason or "")
    except (OutreachDenied, OutreachError) as exc:
        print(exc.message, file=sys.stderr)
        return 3 if isinstance(exc, OutreachDenied) else 2
    print(f"线索 {d['lead_id']}：{d['name'] or '（无姓名）'} · {d['phone'] or '（无电话）'} · {d['community'] or ''}"
          "（本次查看已记入审计日志）")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from app.outreach.models import METHODS, OUTCOMES

    d = subparsers.add_parser("discover", help="主动发现：列出可能符合条件、还没申请的居民（需工作人员账号）")
    d.add_argument("--staff-phone", default=None, help="工作人员账号的手机号（minzheng staff add 添加的）")
    d.add_argument("--csv", default=None, help="民政部门导入的居民名单 CSV（格式见 app/outreach/residents.py）")
    d.add_argument("--database", action="store_true", help="查库里已有的人（出生日期、户籍、以往申请）")
    d.add_argument("--out", required=True, help="输出线索 CSV（身份证号、电话、姓名脱敏）")
    d.add_argument("--service", action="append", help="只查这个事项（可重复），默认全部有资格规则的事项")
    d.add_argument("--max-missing", type=int, default=1, help="“需核实”的线索最多还缺几项信息（默认 1）")
    d.add_argument("--database-url", default=None)
    d.set_defaults(func=cmd_discover)

    o = subparsers.add_parser("outreach", help="主动发现的联系记录").add_subparsers(dest="outreach_command", required=True)
    r = o.add_parser("record", help="记录一次电话或上门联系及结果")
    r.add_argument("--staff-phone", default=None)
    r.add_argument("--lead", type=int, required=True)
    r.add_argument("--method", required=True, choices=METHODS)
    r.add_argument("--outcome", required=True, choices=OUTCOMES)
    r.add_argument("--note", default=None)
    r.add_argument("--database-url", default=None)
    r.set_defaults(func=cmd_outreach_record)
    sh = o.add_parser("show", help="查看一条线索的姓名和电话（记入审计）")
    sh.add_argument("--staff-phone", default=None)
    sh.add_argument("--lead", type=int, required=True)
    sh.add_argument("--reason", required=True, help="查看原因，记入审计日志")
    sh.add_argument("--database-url", default=None)
    sh.set_defaults(func=cmd_outreach_show)
