"""Topic accuracy of one-click search on real citizens' questions.

Usage: python bench/search_quality.py [QUESTIONS.jsonl] [--show-misses] [--json]

For each question (``q``, ``topic``), top-1 is right when the first result's topic is the
question's topic, top-3 when the topic is among the first three results' topics. The default
file is the shared dev set; the product is judged on a larger hidden set of the same kind, so
misses here are read to improve the method, never patched one by one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT / "tests" / "data" / "dev_questions.jsonl"


def evaluate(path: Path) -> dict:
    from app.search.engine import get_engine

    engine = get_engine()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    top1 = top3 = 0
    misses = []
    t0 = time.perf_counter()
    for row in rows:
        res = engine.search(row["q"], limit=10).results
        topics = [r.topic for r in res]
        if topics[:1] == [row["topic"]]:
            top1 += 1
        else:
            misses.append({"q": row["q"], "want": row["topic"], "got": topics[:3],
                           "first": res[0].title if res else None})
        if row["topic"] in topics[:3]:
            top3 += 1
    n = len(rows)
    return {"file": str(path), "n": n, "top1": top1 / n, "top3": top3 / n,
            "seconds": round(time.perf_counter() - t0, 3), "misses": misses}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    path = Path(args.file)
    if not path.exists():
        print(f"question file not found: {path}", file=sys.stderr)
        return 2
    r = evaluate(path)
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
        return 0
    print(f"questions: {r['n']}  top-1 topic accuracy: {r['top1']:.1%}  top-3: {r['top3']:.1%}  ({r['seconds']} s)")
    if args.show_misses:
        for m in r["misses"]:
            print(f"  MISS want {m['want']} got {m['got']} first={m['first']!r}: {m['q'][:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
