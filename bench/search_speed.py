"""Search speed with the whole knowledge base: index build time, query p50/p95, queries/s.

Usage: python bench/search_speed.py [--rounds N]

Queries: the dev questions (real, long and short) plus every FAQ question of the KB and some
short and garbage inputs, so the figure covers the input people really type. Prints figures;
asserts nothing (timings belong in benchmarks, not tests).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def machine() -> str:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from app.knowledge.loader import load_kb
    from app.search.engine import SearchEngine, user_words
    from app.search.tokenize import Tokenizer

    t0 = time.perf_counter()
    kb = load_kb()
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    tok = Tokenizer(user_words(kb))
    t_tok = time.perf_counter() - t0
    builds = []
    for _ in range(3):
        t0 = time.perf_counter()
        engine = SearchEngine(kb, tok)
        builds.append(time.perf_counter() - t0)

    queries = [f.q for f in kb.faqs]
    dev = ROOT / "tests" / "data" / "dev_questions.jsonl"
    if dev.exists():
        queries += [json.loads(line)["q"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries += ["尊老金", "低保", "结婚", "我們宣城市有高齡津貼嗎", "尊老京怎么领", "！！！", "", "a" * 1000,
                "我家老人去世了想问问丧葬费用能不能减免" * 20]
    times = []
    for _ in range(args.rounds):
        for q in queries:
            t0 = time.perf_counter()
            engine.search(q, limit=10)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    total_s = sum(times) / 1000
    print(f"machine: {machine()}")
    print(f"knowledge base: {len(kb.services)} services, {len(kb.faqs)} FAQ, {len(kb.policies)} policies, "
          f"{len(kb.bundles)} bundles -> {len(engine.docs)} search documents")
    print(f"load+validate YAML: {t_load * 1000:.0f} ms; jieba tokenizer with user dict: {t_tok * 1000:.0f} ms")
    print(f"index build: first (cold tokenizer cache) {builds[0] * 1000:.0f} ms, "
          f"rebuild {min(builds[1:]) * 1000:.0f} ms; total cold start (load + tokenizer + build) "
          f"{(t_load + t_tok + builds[0]) * 1000:.0f} ms")
    print(f"queries: {len(times)}  p50 {p50:.2f} ms  p95 {p95:.2f} ms  max {times[-1]:.2f} ms  "
          f"throughput {len(times) / total_s:.0f} queries/s (one thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
