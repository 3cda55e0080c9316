"""``minzheng visit list | show | assign | record`` — 上门代办 for staff: the open requests (masked),
one request's address and phone in full (with a reason, audited), assign it to a community agent,
record the visit's outcome.

    minzheng visit list   --staff-phone 13300133000 [--status submitted|assigned|visited|cancelled|all] [--mine]
    minzheng visit show   --staff-phone … --ref SMABCD2345 --reason 电话约上门时间
    minzheng visit assign --staff-phone … --ref SMABCD2345 --agent-phone 13300133001
    minzheng visit record --staff-phone … --ref SMABCD2345 --outcome 已上门·已帮助提交申请 [--note …]

Refuses without a staff account (window staff, community agent, supervisor; made by ``minzheng
staff add``); the domain (``app.homevisit.service``) checks the role and writes the audit rows.
Exit codes: 0 done, 2 bad input, 3 refused.
"""

from __future__ import annotations

import argparse
import sys


def _engine(url: str | None):
    from app.core.db import make_engine
    from app.tables import create_tables

    engine = make_engine(url)
    create_tables(engine)
    return engine


def _run(args: argparse.Namespace, act) -> int:
    from app.homevisit.service import HomeVisitDenied, HomeVisitError, staff_actor
    from app.knowledge.loader import load_kb

    engine = _engine(args.database_url)
    try:
        actor = staff_actor(engine, args.staff_phone or "")
        act(engine, load_kb(), actor)
    except HomeVisitError as exc:
        print(exc.message, file=sys.stderr)
        return 3 if isinstance(exc, HomeVisitDenied) else 2
    finally:
        engine.dispose()
    return 0


def _line(r) -> str:
    who = f"　派给 {r.assigned_to}" if r.assigned_to else ""
    done = f"　结果：{r.outcome}" if r.outcome else ""
    return (f"{r.ref}　{r.status_label}　{r.service_name}　{r.name_masked}　{r.address_masked}　{r.phone_masked}"
            f"　方便：{'、'.join(r.half_days)}　提交：{r.created}{who}{done}" + (f"\n　　说明：{r.note}" if r.note else ""))


def cmd_list(args: argparse.Namespace) -> int:
    from app.homevisit.service import open_requests

    def act(engine, kb, actor):
        rows = open_requests(engine, kb, actor, status=args.status, mine_only=args.mine)
        for r in rows:
            print(_line(r))
        print(f"共 {len(rows)} 条（地址、电话已脱敏；查看完整信息：minzheng visit show --ref … --reason …）")

    return _run(args, act)


def cmd_show(args: argparse.Namespace) -> int:
    from app.homevisit.service import reveal

    def act(engine, kb, actor):
        d = reveal(engine, kb, actor, args.ref, args.reason or "")
        print(_line(d["row"]))
        print(f"姓名：{d['name']}\n地址：{d['address']}\n电话：{d['phone']}\n（本次查看已记入审计日志）")

    return _run(args, act)


def cmd_assign(args: argparse.Namespace) -> int:
    from app.homevisit.service import assign

    def act(engine, kb, actor):
        r = assign(engine, kb, actor, args.ref, args.agent_phone)
        print(f"已派单：{r.ref} → 社区工作人员 {r.assigned_to}")

    return _run(args, act)


def cmd_record(args: argparse.Namespace) -> int:
    from app.homevisit.service import record_visit

    def act(engine, kb, actor):
        r = record_visit(engine, kb, actor, args.ref, args.outcome, args.note or "")
        print(f"已记录：{r.ref} · {r.status_label} · {r.outcome}")

    return _run(args, act)


def register(subparsers: argparse._SubParsersAction) -> None:
    from app.homevisit.models import OUTCOMES, STATUS_LABELS

    v = subparsers.add_parser("visit", help="上门代办：列出、查看、派单、记录上门结果（需工作人员账号）")
    sub = v.add_subparsers(dest="visit_command", required=True)

    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--staff-phone", default=None, help="工作人员账号的手机号（minzheng staff add 添加的）")
        p.add_argument("--database-url", default=None)
        return p

    ls = common(sub.add_parser("list", help="列出待办的上门申请（地址、电话脱敏）"))
    ls.add_argument("--status", default=None, choices=[*STATUS_LABELS, "all"], help="默认：已提交和已派单")
    ls.add_argument("--mine", action="store_true", help="只看派给我的")
    ls.set_defaults(func=cmd_list)
    sh = common(sub.add_parser("show", help="查看一条申请的完整地址和电话（记入审计）"))
    sh.add_argument("--ref", required=True, help="申请编号（SM 开头）")
    sh.add_argument("--reason", required=True, help="查看原因，记入审计日志")
    sh.set_defaults(func=cmd_show)
    a = common(sub.add_parser("assign", help="派给一位社区代办员"))
    a.add_argument("--ref", required=True)
    a.add_argument("--agent-phone", required=True, help="社区代办员账号的手机号（--role community_agent）")
    a.set_defaults(func=cmd_assign)
    r = common(sub.add_parser("record", help="记录上门结果"))
    r.add_argument("--ref", required=True)
    r.add_argument("--outcome", required=True, choices=OUTCOMES)
    r.add_argument("--note", default=None)
    r.set_defaults(func=cmd_record)
