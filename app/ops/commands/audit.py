"""``minzheng audit verify``: walk the audit hash chain and say which row was edited, deleted or
inserted. A thin adapter over :func:`app.audit.chain.verify_chain` (the logic is in the domain).

Exit codes: 0 the chain is intact (the count is printed), 1 findings, 2 could not check (no key).
"""

from __future__ import annotations

import argparse
import json
import sys


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.audit.chain import verify_chain
    from app.core.crypto import KeyMissing
    from app.core.db import make_engine

    engine = make_engine(args.database_url)
    try:
        report = verify_chain(engine, max_findings=args.limit)
    except KeyMissing as exc:
        print(f"无法校验审计链：没有数据密钥（{exc}）", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"ok": report.ok, "total_rows": report.total_rows, "chained": report.chained_count,
                          "valid": report.valid_count, "unchained_prefix": report.unchained_count,
                          "head_seq": report.head_seq, "head_hash": report.head_hash,
                          "findings_total": report.findings_total, "counts": report.counts,
                          "findings": [f.__dict__ for f in report.findings]}, ensure_ascii=False))
    else:
        print(report.summary())
        for f in report.findings:
            print(f"  - {f.message}")
        if report.findings_total > len(report.findings):
            print(f"  …… 另有 {report.findings_total - len(report.findings)} 处未列出（用 --limit 列出更多）")
    return 0 if report.ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="审计记录工具").add_subparsers(dest="audit_command", required=True)
    v = audit.add_parser("verify", help="校验审计链：找出被修改、删除或插入的审计记录（按 id 指明）")
    v.add_argument("--database-url", default=None)
    v.add_argument("--json", action="store_true", help="以 JSON 输出")
    v.add_argument("--limit", type=int, default=200, help="最多列出多少处问题（默认 200）")
    v.set_defaults(func=cmd_audit_verify)
