"""Statistics of a load run: latencies per operation kind, errors, throughput, CPU per request,
and the markdown table `bench/load.py` prints. Pure functions (unit-tested in
tests/bench/test_loadstats.py); no timing of its own."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field


def percentile(values: list[float], p: float) -> float | None:
    """The ``p``-th percentile (0–100) by the nearest-rank method; None for no values."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError("p must be within 0..100")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool
    error: str = ""


@dataclass
class KindStats:
    kind: str
    count: int
    errors: int
    p50: float | None
    p95: float | None
    p99: float | None
    error_kinds: dict[str, int] = field(default_factory=dict)


def summarise(samples: list[Sample]) -> list[KindStats]:
    """Per operation kind (in first-seen order): count, errors, and p50/p95/p99 of the successful
    operations' latencies (a failed operation's time says nothing about the service's speed)."""
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    out = []
    for kind, rows in by_kind.items():
        good = [r.seconds for r in rows if r.ok]
        kinds: dict[str, int] = defaultdict(int)
        for r in rows:
            if not r.ok:
                kinds[r.error or "error"] += 1
        out.append(KindStats(kind, len(rows), sum(not r.ok for r in rows), percentile(good, 50),
                             percentile(good, 95), percentile(good, 99), dict(kinds)))
    return out


def cpu_ms_per_request(cpu_seconds: float, requests: int) -> float | None:
    """Server CPU time (user + system, all its processes) per request, in milliseconds."""
    return cpu_seconds / requests * 1000 if requests else None


def read_cpu_seconds(pid: int, clock_ticks: int = 100) -> float | None:
    """User + system CPU seconds of one process from /proc/PID/stat (None when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    return cpu_seconds_from_stat(stat, clock_ticks)


def cpu_seconds_from_stat(stat: str, clock_ticks: int = 100) -> float:
    """utime + stime of a /proc/PID/stat line (fields 14 and 15; the name may hold spaces)."""
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / clock_ticks


def _ms(v: float | None) -> str:
    return "–" if v is None else f"{v * 1000:.0f}"


@dataclass
class LevelResult:
    target: str
    users: int
    duration_s: float
    stats: list[KindStats]
    cpu_seconds: float | None  # the server's processes, over the level
    load_cpu_seconds: float | None = None  # the load generator itself
    window_requests: int | None = None  # operations inside the measured window (the sign-in ramp left out)

    @property
    def requests(self) -> int:
        return self.window_requests if self.window_requests is not None else sum(k.count for k in self.stats)

    @property
    def errors(self) -> int:
        return sum(k.errors for k in self.stats)

    @property
    def throughput(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0


def markdown_table(results: list[LevelResult], kinds: list[str] | None = None) -> str:
    """One row per target × users × operation kind (ms), and one 'all' row per level with the
    throughput, the error count and the server's CPU per request."""
    lines = ["| target | users | operation | n | errors | p50 ms | p95 ms | p99 ms | ops/s | CPU ms/op |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        order = kinds or [k.kind for k in r.stats]
        by = {k.kind: k for k in r.stats}
        for kind in order:
            k = by.get(kind)
            if k is None:
                continue
            lines.append(f"| {r.target} | {r.users} | {kind} | {k.count} | {k.errors} | {_ms(k.p50)} | "
                         f"{_ms(k.p95)} | {_ms(k.p99)} | {k.count / r.duration_s:.1f} | |")
        cpu = cpu_ms_per_request(r.cpu_seconds, r.requests) if r.cpu_seconds is not None else None
        lines.append(f"| {r.target} | {r.users} | **all** | {sum(k.count for k in r.stats)} | {r.errors} | | | | "
                     f"{r.throughput:.1f} | {'–' if cpu is None else f'{cpu:.1f}'} |")
    return "\n".join(lines)


def saturation(results: list[LevelResult], page_kinds: set[str], p95_limit_s: float = 0.3) -> dict[str, str]:
    """Per target, where it saturates: the first level whose throughput grew by less than 10 %
    over the level before while users at least doubled, or whose page p95 passed the limit."""
    out: dict[str, str] = {}
    by_target: dict[str, list[LevelResult]] = defaultdict(list)
    for r in results:
        by_target[r.target].append(r)
    for target, levels in by_target.items():
        levels.sort(key=lambda r: r.users)
        note = f"not saturated up to {levels[-1].users} users" if levels else ""
        for prev, cur in zip([None, *levels], levels, strict=False):
            page_p95 = max((k.p95 or 0 for k in cur.stats if k.kind in page_kinds), default=0)
            flat = prev is not None and cur.users >= 2 * prev.users and cur.throughput < 1.1 * prev.throughput
            if flat or page_p95 > p95_limit_s:
                why = "throughput flat" if flat else f"page p95 {page_p95 * 1000:.0f} ms > {p95_limit_s * 1000:.0f} ms"
                note = f"from {cur.users} users ({why})"
                break
        out[target] = note
    return out
