"""``minzheng backup <file>`` and ``minzheng restore <file> [--check]``: encrypted backups of the
database and their restore (logic and key handling: :mod:`app.core.backup`)."""

from __future__ import annotations

import argparse
import sys


def _audit_line(audit: dict | None) -> str:
    if not audit or not audit["count"]:
        return "审计记录 0 条"
    return f"审计记录 {audit['count']} 条（编号 {audit['first_id']}–{audit['last_id']}）"


def cmd_backup(args: argparse.Namespace) -> int:
    from app.core.backup import BackupError, backup, generate_key, load_backup_key

    if args.generate_key:
        print(generate_key())
        print("↑ 新的备份密钥：请保存在备份之外的安全处（如密钥管理系统），设为环境变量 BACKUP_KEY。"
              "丢失它就无法读取任何备份。", file=sys.stderr)
        return 0
    if not args.file:
        print("请给出备份文件的路径：minzheng backup <文件>", file=sys.stderr)
        return 2
    from app.core.db import make_engine

    engine = make_engine(args.database_url)
    try:
        result = backup(engine, args.file, load_backup_key(args.key_file))
    except BackupError as exc:
        print(f"备份失败：{exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    h = result.header
    print(f"已备份到 {result.path}（{result.size} 字节，{h['method']}，AES-256-GCM 加密，密钥编号 {h['backup_key_id']}）")
    print(f"  {len(h['tables'])} 张表，共 {sum(h['tables'].values())} 行；{_audit_line(h['audit'])}；结构版本 {h['revision']}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.core.backup import BackupError, drill, load_backup_key, restore
    from app.core.db import make_engine

    try:
        key = load_backup_key(args.key_file)
        if args.check:
            source = make_engine(args.database_url)
            try:
                result = drill(args.file, key, source=source, scratch_url=args.scratch_url)
            finally:
                source.dispose()
            outcome, since = result.restore, result.since_backup
        else:
            engine = make_engine(args.database_url)
            try:
                outcome, since = restore(args.file, engine, key, force=args.force), []
            finally:
                engine.dispose()
    except BackupError as exc:
        print(f"恢复失败：{exc}", file=sys.stderr)
        return 1
    r = outcome.restored
    what = "恢复演练" if args.check else "恢复"
    print(f"{what}：备份时间 {outcome.header['created_at']}，{len(r['tables'])} 张表，共 {sum(r['tables'].values())} 行；"
          f"{_audit_line(r['audit'])}")
    for w in outcome.warnings:
        print(f"注意：{w}")
    if not outcome.ok:
        print(f"{what}核对不一致：", file=sys.stderr)
        for p in outcome.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print(f"{what}核对通过：每张表的行数和审计记录（条数、首末编号）与备份时一致。")
    if since:
        print("源数据库自备份以来的变化（供参考）：" + "；".join(since))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    b = subparsers.add_parser("backup", help="备份数据库（加密）")
    b.add_argument("file", nargs="?", help="备份文件")
    b.add_argument("--database-url", default=None, help="默认：设置中的 DATABASE_URL")
    b.add_argument("--key-file", default=None, help="备份密钥文件（默认：环境变量 BACKUP_KEY）")
    b.add_argument("--generate-key", action="store_true", help="生成一把新的备份密钥并打印")
    b.set_defaults(func=cmd_backup)
    r = subparsers.add_parser("restore", help="从备份恢复到空数据库；--check 做恢复演练")
    r.add_argument("file", help="备份文件")
    r.add_argument("--database-url", default=None, help="恢复到的数据库（--check 时为源数据库）；默认 DATABASE_URL")
    r.add_argument("--key-file", default=None, help="备份密钥文件（默认：环境变量 BACKUP_KEY）")
    r.add_argument("--force", action="store_true", help="目标数据库不空时也覆盖（慎用）")
    r.add_argument("--check", action="store_true", help="恢复演练：恢复到临时数据库，核对行数与审计记录，然后删除")
    r.add_argument("--scratch-url", default=None, help="演练用的空数据库（PostgreSQL；默认在源服务器上临时建库）")
    r.set_defaults(func=cmd_restore)
