"""``minzheng db upgrade | current | revision``: the database schema under Alembic.

The product upgrades its database by itself at start-up (:func:`app.core.db.create_tables`);
these commands let an operator do it ahead of a deployment and see where a database stands, and
let a developer write the revision for a model change (``db revision --autogenerate -m …``).
"""

from __future__ import annotations

import argparse


def _engine(args: argparse.Namespace):
    import app.tables  # noqa: F401 - every table of the product, for the fallback and autogenerate
    from app.core.db import make_engine

    return make_engine(args.database_url)


def cmd_upgrade(args: argparse.Namespace) -> int:
    from app.core.db import current_revision, head_revision
    from app.tables import create_tables

    engine = _engine(args)
    before = current_revision(engine)
    create_tables(engine)
    after = current_revision(engine)
    print(f"数据库已是最新版本 {after}" if before == after else f"数据库已升级：{before or '（无版本）'} → {after}")
    engine.dispose()
    return 0 if after == head_revision() else 1


def cmd_current(args: argparse.Namespace) -> int:
    from app.core.db import current_revision, head_revision

    engine = _engine(args)
    current, head = current_revision(engine), head_revision()
    engine.dispose()
    state = "最新" if current == head else "需要升级（minzheng db upgrade）"
    print(f"当前版本：{current or '（无版本）'}　最新版本：{head}　{state}")
    return 0 if current == head else 1


def cmd_revision(args: argparse.Namespace) -> int:
    """Write a new revision; with --autogenerate, from the difference between the models and a
    scratch database at head (not the operator's database, which may hold changes made by the
    fallback of ``create_tables``)."""
    import tempfile
    from pathlib import Path

    from alembic import command

    import app.tables  # noqa: F401
    from app.core.db import alembic_config, make_engine, upgrade_to_head

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{Path(tmp) / 'head.db'}")
        upgrade_to_head(engine)
        with engine.begin() as conn:
            script = command.revision(alembic_config(conn), message=args.message, autogenerate=args.autogenerate)
        engine.dispose()
    print(f"已生成迁移脚本：{script.path}" if script else "未生成迁移脚本")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="数据库结构版本（迁移）").add_subparsers(dest="db_command", required=True)
    for name, func, helptext in (
        ("upgrade", cmd_upgrade, "把数据库升级到最新结构（启动时也会自动执行）"),
        ("current", cmd_current, "显示数据库当前的结构版本"),
    ):
        c = db.add_parser(name, help=helptext)
        c.add_argument("--database-url", default=None, help="默认：设置中的 DATABASE_URL")
        c.set_defaults(func=func)
    r = db.add_parser("revision", help="（开发）为模型的变化生成迁移脚本")
    r.add_argument("-m", "--message", required=True)
    r.add_argument("--autogenerate", action="store_true", help="比较模型与最新版本的结构，自动写出变化")
    r.add_argument("--database-url", default=None, help="比较用的空数据库（默认：临时 SQLite）")
    r.set_defaults(func=cmd_revision)
