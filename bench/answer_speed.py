"""How fast is the answer engine in-process, on the KB as it is and grown 50× with synthetic items?

    python bench/answer_speed.py            # both sizes
    python bench/answer_speed.py --grow 1   # only the real KB

Queries: the dev questions, every KB FAQ question, short and garbage input, 1,000-character posts.
The grown KB copies every service 49 times under new codes with each name, alias, FAQ and policy
text shifted by a synthetic tag (so the index really holds 50× the documents and postings, and the
copies compete with the originals for every query); nothing else changes. Prints p50/p95/max.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def queries(kb) -> list[str]:
    dev = [json.loads(line)["q"] for line in (ROOT / "tests" / "data" / "dev_questions.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    faq = [f.q for f in kb.faqs]
    odd = ["", "🙂🙂", "尊老京怎么领", "低包", "zunlaojin", "我們這裡的低保標準", "？？？"]
    long = [("我家老人今年八十多了户口在苏州想问问尊老金怎么领每个月多少钱要带什么材料" * 30)[:1000]] * 5
    return dev + faq + odd + long


def grown_kb(kb, factor: int):
    """A KnowledgeBase with ``factor`` copies of every item (synthetic codes MZ-<ABBR><n>-<nn>)."""
    from app.knowledge.loader import FaqEntry, KnowledgeBase

    out = KnowledgeBase(topics=dict(kb.topics), topic_files=dict(kb.topic_files), services=dict(kb.services),
                        service_topic=dict(kb.service_topic), faqs=list(kb.faqs), policies=dict(kb.policies),
                        bundles=dict(kb.bundles), synonyms=list(kb.synonyms), content_hash="grown")
    for k in range(1, factor):
        tag = f"第{k}号"
        for code, svc in kb.services.items():
            new_code = f"{code}{k:03d}"
            copy = svc.model_copy(update={
                "code": new_code, "name": f"{svc.name}{tag}", "aliases": [f"{a}{tag}" for a in svc.aliases],
                "faqs": [f.model_copy(update={"q": f"{f.q}{tag}"}) for f in svc.faqs]})
            out.services[new_code] = copy
            out.service_topic[new_code] = kb.service_topic[code]
            for i, f in enumerate(copy.faqs):
                out.faqs.append(FaqEntry(f"{new_code}#{i + 1}", new_code, kb.service_topic[code], f.q, f.a))
    return out


def measure(kb, qs: list[str], label: str) -> dict:
    from app.answers.engine import AnswerEngine
    from app.search.engine import SearchEngine

    t0 = time.perf_counter()
    se = SearchEngine(kb)
    eng = AnswerEngine(se)
    build = time.perf_counter() - t0
    for q in qs[:50]:  # warm caches (jieba, pinyin) as a running server would be
        eng.answer(q)
    times, cpu = [], []
    for q in qs:
        t, c = time.perf_counter(), time.thread_time()
        eng.answer(q)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    times.sort()
    cpu.sort()
    p95 = int(len(times) * 0.95) - 1
    res = {"label": label, "docs": len(se.docs), "services": len(kb.services), "queries": len(qs),
           "p50": statistics.median(times), "p95": times[p95], "max": times[-1],
           "cpu_p50": statistics.median(cpu), "cpu_p95": cpu[p95], "build_s": build}
    print(f"| {label} | {res['services']} items, {res['docs']} documents | {res['queries']} | "
          f"{res['p50']:.2f} | {res['p95']:.2f} | {res['max']:.2f} | {res['cpu_p50']:.2f} | {res['cpu_p95']:.2f} | "
          f"{build:.1f} s |", flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--grow", type=int, default=50, help="also measure with the KB grown this many times (1: off)")
    args = ap.parse_args()
    from app.knowledge.loader import load_kb
    from bench.search_speed import machine

    print(f"machine: {machine()}")
    kb = load_kb()
    qs = queries(kb)
    # wall-clock figures include waiting for a busy machine's cores; thread CPU time does not
    print("\n| KB | size | queries | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | build |\n"
          "|---|---|---|---|---|---|---|---|---|")
    measure(kb, qs, "as shipped")
    if args.grow > 1:
        measure(grown_kb(kb, args.grow), qs, f"grown {args.grow}×")


if __name__ == "__main__":
    main()
