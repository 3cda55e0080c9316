"""``minzheng``: the command-line face of the product.

Subcommands are thin: they call the same domain functions the web app and the assistant use.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def cmd_kb_check(args: argparse.Namespace) -> int:
    from app.knowledge.loader import check_kb

    problems = check_kb(args.dir)
    if args.json:
        _print_json([{"file": p.file, "entry": p.entry, "message": p.message} for p in problems])
    elif problems:
        print(f"知识库检查未通过：{len(problems)} 处问题")
        for p in problems:
            print(f"  {p}")
    else:
        print("知识库检查通过。")
    return 1 if problems else 0


def cmd_kb_stats(args: argparse.Namespace) -> int:
    from app.knowledge.loader import load_kb

    stats = load_kb(args.dir).stats()
    if args.json:
        _print_json(stats)
    else:
        print(f"事项 {stats['services']} · 常见问题 {stats['faqs']} · 政策 {stats['policies']} · 一件事 {stats['bundles']}")
        for topic, c in stats["topics"].items():
            print(f"  {topic:<8} 事项 {c['services']:>2}  问题 {c['faqs']:>3}  政策 {c['policies']:>2}")
        print(f"地方事实 {stats['local_facts']}")
        for code, n in stats["local_facts_per_service"].items():
            print(f"  {code:<10} {n:>2} 条  {'、'.join(stats['local_cities_per_service'][code])}")
    return 0


def cmd_kb_load(args: argparse.Namespace) -> int:
    from app.core.db import make_engine
    from app.knowledge.loader import load_kb
    from app.knowledge.store import count_rows, sync_kb
    from app.tables import create_tables

    engine = make_engine(args.database_url)
    create_tables(engine)  # the whole database, as the app will use it
    kb = load_kb(args.dir)
    changed = sync_kb(engine, kb, force=args.force)
    counts = count_rows(engine)
    print(("已载入知识库" if changed else "知识库未变化，无需载入") + f"（{kb.content_hash}）：{counts}")
    return 0


def cmd_kb_userdict(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.knowledge.loader import load_kb
    from app.search.engine import user_words

    words = user_words(load_kb(args.dir))
    Path(args.path).write_text("".join(f"{w} 200000\n" for w in words), encoding="utf-8")
    print(f"已写入 {len(words)} 个词到 {args.path}")
    return 0


def cmd_bot_generate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.chat.training_data import generate
    from app.core.config import ROOT
    from app.knowledge.loader import load_kb

    out = Path(args.out or ROOT / "bot" / "generated")
    domain = Path(args.domain or ROOT / "bot" / "domain.yml")
    info = generate(load_kb(args.dir), out, domain if domain.exists() else None)
    if args.json:
        _print_json(info)
    else:
        print(f"已生成助手训练数据到 {out}：意图 {info['intents']} · 城市 {info['cities']} · "
              f"例句 {info['examples']} · 词典 {info['userdict']} 词" + ("" if info["changed"] else "（无变化）"))
    return 0


def _search_one(engine, query: str, limit: int) -> list[dict]:
    return [r.to_dict() for r in engine.search(query, limit).results]


def cmd_search(args: argparse.Namespace) -> int:
    from app.search.engine import get_engine

    engine = get_engine()
    if args.stdin:
        for line in sys.stdin:
            line = line.rstrip("\n")
            results = _search_one(engine, line, args.limit)
            if args.json:
                _print_json(results)
            else:
                print(f"# {line}")
                for r in results:
                    print(f"  [{r['kind']}] {r['title']}（{r['topic']}）{r['score']:.3f}")
            sys.stdout.flush()
        return 0
    query = " ".join(args.query)
    resp = engine.search(query, args.limit)
    if args.json:
        _print_json([r.to_dict() for r in resp.results])
        return 0
    if resp.hint:
        print(resp.hint)
    if not resp.results:
        print("您可以看看这些常办事项：")
        for r in resp.suggestions:
            print(f"  [{r.kind}] {r.title}（{r.topic}）")
        return 0
    for kind, items in resp.groups().items():
        if not items:
            continue
        print(f"== {kind} ==")
        for r in items:
            snip = r.snippet
            for s, e in reversed(r.highlights):
                snip = snip[:s] + "【" + snip[s:e] + "】" + snip[e:]
            print(f"  {r.title}（{r.topic} · {r.service_code}）{r.score:.3f}\n    {snip}")
    return 0


def cmd_staff_add(args: argparse.Namespace) -> int:
    """Create (or promote) a staff account; staff then sign in with their phone like anyone."""
    from sqlmodel import Session, select

    from app.audit.service import record
    from app.core.crypto import encrypt, lookup_hash
    from app.core.db import make_engine
    from app.core.privacy import mask_phone
    from app.identity.models import ROLES, Account
    from app.identity.service import AuthError, normalize_phone
    from app.tables import create_tables

    if args.role not in ROLES or args.role == "citizen":
        print(f"角色应为：{', '.join(r for r in ROLES if r != 'citizen')}", file=sys.stderr)
        return 2
    try:
        phone = normalize_phone(args.phone)
    except AuthError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    engine = make_engine(args.database_url)
    create_tables(engine)
    with Session(engine) as s:
        acc = s.exec(select(Account).where(Account.phone_hash == lookup_hash(phone))).first()
        if acc is None:
            acc = Account(phone_hash=lookup_hash(phone), phone_enc=encrypt(phone), phone_masked=mask_phone(phone))
        acc.role, acc.display_name = args.role, args.name or acc.display_name
        s.add(acc)
        s.flush()
        record(s, action="staff.role_set", object_type="account", object_id=acc.id, channel="system",
               actor_role="system", detail={"role": args.role, "phone": mask_phone(phone)})
        s.commit()
    print(f"已设置 {mask_phone(phone)} 为 {args.role}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="minzheng", description="民政一键通 命令行工具")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("search", help="一键搜索：政策、服务、问题")
    s.add_argument("query", nargs="*", help="搜索内容")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--json", action="store_true", help="输出 JSON 数组")
    s.add_argument("--stdin", action="store_true", help="从标准输入逐行读取查询，每行输出一个 JSON 数组")
    s.set_defaults(func=cmd_search)

    kb = sub.add_parser("kb", help="知识库工具").add_subparsers(dest="kb_command", required=True)
    for name, func, helptext in (
        ("check", cmd_kb_check, "校验知识库文件"),
        ("stats", cmd_kb_stats, "统计知识库条目"),
        ("load", cmd_kb_load, "把知识库载入数据库（内容变化时）"),
    ):
        c = kb.add_parser(name, help=helptext)
        c.add_argument("--dir", default=None, help="知识库文件夹（默认 app/knowledge/data）")
        c.add_argument("--json", action="store_true")
        c.set_defaults(func=func)
        if name == "load":
            c.add_argument("--database-url", default=None)
            c.add_argument("--force", action="store_true")
    u = kb.add_parser("userdict", help="导出 jieba 用户词典（供助手使用）")
    u.add_argument("path")
    u.add_argument("--dir", default=None)
    u.set_defaults(func=cmd_kb_userdict)

    bot = sub.add_parser("bot", help="智能助手（Rasa）工具").add_subparsers(dest="bot_command", required=True)
    g = bot.add_parser("generate", help="从知识库生成助手的训练数据（写入 bot/generated）")
    g.add_argument("out", nargs="?", default=None, help="输出文件夹（默认 bot/generated）")
    g.add_argument("--dir", default=None, help="知识库文件夹（默认 app/knowledge/data）")
    g.add_argument("--domain", default=None, help="手写的对话 domain（默认 bot/domain.yml）")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_bot_generate)
    st = sub.add_parser("staff", help="工作人员账号").add_subparsers(dest="staff_command", required=True)
    sa = st.add_parser("add", help="添加或设置工作人员账号（之后用手机号+验证码登录）")
    sa.add_argument("phone")
    sa.add_argument("--role", default="window_staff")
    sa.add_argument("--name", default=None)
    sa.add_argument("--database-url", default=None)
    sa.set_defaults(func=cmd_staff_add)

    from app.ops.commands import register_all  # minzheng audit | backup | restore | db … (one module each)

    register_all(sub)

    from voice.cli import add_voice_commands  # minzheng voice fetch-model | check-model | say | transcribe

    add_voice_commands(sub, _voice_context())
    return p


def _voice_context():
    """The voice commands' settings and vocabulary, from the app (speech knows neither)."""
    from app.core.config import get_settings
    from voice.cli import VoiceContext

    def phrases() -> list[str]:
        from app.api.routes.voice import kb_phrases
        from app.search.engine import get_engine

        return kb_phrases(get_engine().kb)

    s = get_settings()
    return VoiceContext(model_path=s.vosk_model_path, phrases=phrases, tts_voice=s.tts_voice, tts_rate=s.tts_rate)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "search" and not args.stdin and not args.query:
        args.query = [""]
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI must end with a message, not a trace
        from app.knowledge.loader import KnowledgeBaseError

        if isinstance(exc, KnowledgeBaseError):
            print(str(exc), file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
