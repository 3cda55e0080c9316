"""Bench: the eligibility matcher over generated residents (主动发现's batch), and one person's latency.

    python -m bench.eligibility_batch [--n 100000] [--seed 7] [--sample 2000]

Prints the machine (nproc, CPU model, Python), the batch time and throughput, the batch's peak
Python memory (tracemalloc, a second pass) and the process's max RSS, p50/p95/p99 for one person
(``match`` over every rule), and the verdict and lead counts per service.

The residents (fictitious; ``generate``) — what is sourced and what is assumed:

- 13 cities in proportion to their 常住人口 in 江苏省第七次全国人口普查公报（第二号）表2-1
  (2020-11-01; ``CITY_POPULATION``, written from the bulletin, not fetched in this session; the
  script checks they add up to the published provincial total 84,748,016, reported by 现代快报
  2021-05-19). 镇江: one in ten gets the county 扬中市, so the county overlay is exercised.
- Age bands from the same census for the province: 0–14 15.21 %, 15–59 62.95 % (5335.07万 of
  84,748,016 per 现代快报), 60+ 21.84 %, of which 65+ 16.20 % (``AGE_BANDS``; the 15–59 share is
  the one checked against the report). ASSUMPTION: ages uniform inside each band up to 64, and
  from 65 on a share falling by 8 % a year to 100 (no single-year table at hand).
- ASSUMPTION (no source used): 4 % hold a 残疾人证, categories and grades as in ``DISABILITY``;
  households 低保 1.5 %, 特困 0.3 %, 低保边缘 0.6 %, otherwise 无; 60+ living alone 12 %, said
  for everyone 60+; every other yes/no fact unknown (as in an office's list).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import time
import tracemalloc
from collections import Counter
from datetime import date, timedelta

from app.eligibility import Facts, match
from app.knowledge.loader import KnowledgeBase, load_kb
from app.outreach.service import is_lead

TODAY = date(2026, 3, 1)
PROVINCE_TOTAL = 84_748_016
CITY_POPULATION = {
    "南京市": 9_314_685, "无锡市": 7_462_135, "徐州市": 9_083_790, "常州市": 5_278_121, "苏州市": 12_748_262,
    "南通市": 7_726_635, "连云港市": 4_599_360, "淮安市": 4_556_230, "盐城市": 6_709_629, "扬州市": 4_559_797,
    "镇江市": 3_210_418, "泰州市": 4_512_762, "宿迁市": 4_986_192,
}
#: (lowest age, highest age, share of the population)
AGE_BANDS = ((0, 14, 0.1521), (15, 59, 0.6295), (60, 64, 0.2184 - 0.1620), (65, 100, 0.1620))
DISABILITY = {"share": 0.04,
              "categories": {"肢体": 0.45, "视力": 0.12, "听力": 0.15, "言语": 0.02, "智力": 0.08, "精神": 0.10, "多重": 0.08},
              "grades": {1: 0.15, 2: 0.20, 3: 0.30, 4: 0.35}}
HOUSEHOLD = {"低保": 0.015, "特困": 0.003, "低保边缘": 0.006}
LIVING_ALONE_60 = 0.12


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _age(rng: random.Random) -> int:
    lo, hi, _ = rng.choices(AGE_BANDS, weights=[b[2] for b in AGE_BANDS])[0]
    if lo < 65:
        return rng.randint(lo, hi)
    ages = list(range(65, 101))
    return rng.choices(ages, weights=[0.92 ** (a - 65) for a in ages])[0]


def generate(n: int, seed: int = 7, today: date = TODAY) -> list[Facts]:
    """``n`` fictitious residents as the matcher sees them (see the module docstring)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        age = _age(rng)
        born = today - timedelta(days=int(age * 365.25) + rng.randint(0, 364))
        city = _pick(rng, CITY_POPULATION)
        county = "扬中市" if city == "镇江市" and rng.random() < 0.1 else None
        has_cert = rng.random() < DISABILITY["share"]
        household = next((h for h, p in HOUSEHOLD.items() if rng.random() < p), "无")
        flags = {"living_alone": rng.random() < LIVING_ALONE_60} if age >= 60 else {}
        out.append(Facts(today=today, birth_date=born, in_jiangsu=True, hukou_city=city, hukou_county=county,
                         has_certificate=has_cert,
                         disability_category=_pick(rng, DISABILITY["categories"]) if has_cert else None,
                         disability_grade=_pick(rng, DISABILITY["grades"]) if has_cert else None,
                         household=household, flags=flags))
    return out


def machine() -> str:
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), model)
    except OSError:
        pass
    return f"nproc {os.cpu_count()} · {model} · Python {platform.python_version()} · {platform.system()}"


def batch(kb: KnowledgeBase, people: list[Facts]) -> tuple[Counter, Counter]:
    verdicts: Counter = Counter()
    leads: Counter = Counter()
    for f in people:
        for m in match(kb, f):
            verdicts[(m.service_code, m.verdict)] += 1
            if is_lead(m):
                leads[m.service_code] += 1
    return verdicts, leads


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sample", type=int, default=2000, help="people timed one by one for p50/p95/p99")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    args = ap.parse_args(argv)
    assert sum(CITY_POPULATION.values()) == PROVINCE_TOTAL, "city populations do not add up to the census total"

    print("machine:", machine())
    kb = load_kb()
    t0 = time.perf_counter()
    if not args.no_memory:
        tracemalloc.start()
    people = generate(args.n, args.seed)
    if not args.no_memory:
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        print(f"generated {len(people):,} residents ({held / 2**20:.1f} MiB held as Facts, tracemalloc)")
    else:
        print(f"generated {len(people):,} residents in {time.perf_counter() - t0:.1f} s")
    match(kb, people[0])  # rules read once, outside the timing

    t0 = time.perf_counter()
    verdicts, leads = batch(kb, people)
    elapsed = time.perf_counter() - t0
    rules = len({code for code, _v in verdicts})
    print(f"batch: {len(people):,} residents × {rules} rules in {elapsed:.1f} s "
          f"({len(people) / elapsed:,.0f} residents/s, {elapsed / len(people) * 1e3:.3f} ms each)")

    if not args.no_memory:
        tracemalloc.start()
        batch(kb, people)
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python memory allocated during the batch (tracemalloc; streamed, residents already in "
              f"memory): {peak / 1024:.1f} KiB")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
          f"(includes the KB and the {len(people):,} generated residents)")

    rng = random.Random(args.seed + 1)
    times = []
    for f in rng.sample(people, min(args.sample, len(people))):
        t = time.perf_counter()
        match(kb, f)
        times.append((time.perf_counter() - t) * 1e3)
    q = statistics.quantiles(times, n=100)
    print(f"one person ({len(times)} timed): p50 {q[49]:.3f} ms · p95 {q[94]:.3f} ms · p99 {q[98]:.3f} ms")

    print("per service (likely / maybe / no · leads):")
    for code in sorted({c for c, _v in verdicts}):
        print(f"  {code:<11} {verdicts[(code, 'likely')]:>7} / {verdicts[(code, 'maybe')]:>7} / "
              f"{verdicts[(code, 'no')]:>7} · {leads[code]:>6}  {kb.services[code].name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
