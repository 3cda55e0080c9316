"""The load test's statistics (bench/loadstats.py): percentiles, per-kind summaries, CPU from
/proc, the markdown table and the saturation note. No timing here."""

from __future__ import annotations

import os

import pytest

from bench.loadstats import (
    KindStats,
    LevelResult,
    Sample,
    cpu_ms_per_request,
    cpu_seconds_from_stat,
    markdown_table,
    percentile,
    read_cpu_seconds,
    saturation,
    summarise,
)


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1 … 100
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile(values, 0) == 1
    assert percentile([3.0, 1.0, 2.0], 50) == 2  # unsorted input
    assert percentile([7.0], 99) == 7
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_summarise_counts_errors_and_times_only_the_successes():
    samples = [Sample("search", 0.010, True), Sample("search", 0.020, True), Sample("search", 5.0, False, "timeout"),
               Sample("chat", 0.5, True), Sample("chat", 0.1, False, "HTTP 500"), Sample("chat", 0.1, False, "HTTP 500")]
    by = {k.kind: k for k in summarise(samples)}
    assert list(by) == ["search", "chat"]
    assert (by["search"].count, by["search"].errors, by["search"].p99) == (3, 1, 0.020)
    assert by["search"].error_kinds == {"timeout": 1}
    assert (by["chat"].count, by["chat"].errors, by["chat"].p50) == (3, 2, 0.5)
    assert by["chat"].error_kinds == {"HTTP 500": 2}
    only_errors = summarise([Sample("submit", 1.0, False, "x")])[0]
    assert only_errors.p50 is None and only_errors.errors == 1


def test_cpu_from_proc_stat():
    # a process name with spaces and parentheses must not shift the fields
    line = "1234 (reflex (worker) 1) S 1 2 3 4 5 6 7 8 9 10 250 150 0 0 20 0 1 0 100 200 300"
    assert cpu_seconds_from_stat(line, clock_ticks=100) == 4.0
    mine = read_cpu_seconds(os.getpid(), os.sysconf("SC_CLK_TCK"))
    assert mine is not None and mine >= 0
    assert read_cpu_seconds(2 ** 22 + 12345) is None  # no such process
    assert cpu_ms_per_request(2.0, 1000) == 2.0
    assert cpu_ms_per_request(1.0, 0) is None


def level(target: str, users: int, ops_per_s: float, page_p95: float) -> LevelResult:
    n = int(ops_per_s * 10)
    return LevelResult(target, users, 10.0, [KindStats("page", n, 0, 0.01, page_p95, page_p95),
                                              KindStats("chat", 10, 1, 0.2, 0.5, 0.9)], cpu_seconds=5.0)


def test_markdown_table_has_a_row_per_kind_and_a_total_per_level():
    table = markdown_table([level("embedded", 10, 50, 0.05)])
    rows = table.splitlines()
    assert rows[0].startswith("| target | users | operation")
    assert "| embedded | 10 | page | 500 | 0 | 10 | 50 | 50 | 50.0 | |" in rows
    total = next(r for r in rows if "**all**" in r)
    assert "| 510 | 1 |" in total and "| 51.0 | 9.8 |" in total  # 5 s CPU / 510 ops


def test_saturation_is_where_throughput_stops_growing_or_pages_get_slow():
    grows = [level("c", 10, 20, 0.05), level("c", 50, 90, 0.08), level("c", 100, 170, 0.1), level("c", 200, 300, 0.2)]
    assert saturation(grows, {"page"}) == {"c": "not saturated up to 200 users"}
    flat = [level("e", 10, 20, 0.05), level("e", 50, 90, 0.08), level("e", 100, 95, 0.25), level("e", 200, 96, 0.9)]
    assert saturation(flat, {"page"})["e"].startswith("from 100 users (throughput flat")
    slow = [level("s", 10, 20, 0.05), level("s", 50, 90, 0.4)]
    assert saturation(slow, {"page"})["s"] == "from 50 users (page p95 400 ms > 300 ms)"


def test_the_sign_in_ramp_is_listed_but_not_counted_in_throughput_or_cpu():
    r = level("embedded", 10, 50, 0.05)
    r.window_requests = 400  # 110 of the 510 operations were the ramp's sign-ins
    assert r.throughput == 40.0 and r.requests == 400
    total = next(row for row in markdown_table([r]).splitlines() if "**all**" in row)
    assert "| 510 | 1 |" in total and "| 40.0 | 12.5 |" in total
