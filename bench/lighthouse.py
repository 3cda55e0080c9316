"""Lighthouse (mobile profile) on the citizen PWA: performance and accessibility scores, transferred
bytes and the Core Web Vitals, for the home, search and a service guide page.

    python bench/lighthouse.py                      # starts the app (production build) on a free port
    python bench/lighthouse.py --url http://127.0.0.1:3000 --runs 3
    python bench/lighthouse.py --check              # exit 1 below performance 90 / accessibility 100

Uses npm ``lighthouse`` from ``.tools`` (pinned in .ci/tools-package.json) and Debian's Chromium
(CHROME_PATH). Lighthouse's default mobile profile: Moto G Power-sized screen, simulated slow 4G
(150 ms RTT, 1.6 Mbit/s down) and 4× CPU slow-down. With ``--runs N`` the median run (by
performance score) is reported. JSON reports go to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LIGHTHOUSE = ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
PAGES = ["/", "/search?q=尊老金", "/services/MZ-ZLJ-01"]
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
TARGET_PERFORMANCE, TARGET_ACCESSIBILITY = 90, 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app() -> tuple[str, subprocess.Popen]:
    """Start the product as `make run` does (production build, one port) and wait for it."""
    port = _free_port()
    log = open(OUT / "app.log", "w")  # noqa: SIM115 — lives as long as the app
    proc = subprocess.Popen(
        ["reflex", "run", "--env", "prod", "--single-port", "--backend-port", str(port),
         "--backend-host", "127.0.0.1", "--loglevel", "warning"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the app exited ({proc.returncode}); see {OUT / 'app.log'}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=5) as r, \
                    urllib.request.urlopen(url + "/", timeout=10) as p:
                if r.status == 200 and p.status == 200:
                    return url, proc
        except OSError:
            time.sleep(1)
    stop_app(proc)
    sys.exit("the app did not start within 300 s")


def stop_app(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _slug(path: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in path.strip("/")).strip("_") or "home"


def run_lighthouse(url: str, out: Path) -> dict:
    chrome = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chrome:
        sys.exit("Chromium not found (apt-get install chromium)")
    if not LIGHTHOUSE.exists():
        sys.exit(f"lighthouse not installed at {LIGHTHOUSE}: run `make setup`")
    env = {**os.environ, "CHROME_PATH": chrome}
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}", "--locale=zh"]
    subprocess.run(cmd, env=env, check=True, timeout=300)
    return json.loads(out.read_text())


def summarise(report: dict) -> dict:
    a = report["audits"]
    cats = report["categories"]
    items = a["total-byte-weight"].get("details", {}).get("items", [])
    failing = [k for k, v in a.items() if v.get("score") == 0 and k in
               {r["id"] for r in cats["accessibility"]["auditRefs"]}]
    return {
        "performance": round(cats["performance"]["score"] * 100),
        "accessibility": round(cats["accessibility"]["score"] * 100),
        "bytes": int(a["total-byte-weight"]["numericValue"]),
        "requests": len(a.get("network-requests", {}).get("details", {}).get("items", [])),
        "fcp_ms": round(a["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(a["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(a["total-blocking-time"]["numericValue"]),
        "cls": round(a["cumulative-layout-shift"]["numericValue"], 3),
        "si_ms": round(a["speed-index"]["numericValue"]),
        "heaviest": [(i["url"].split("/")[-1][:40], i["totalBytes"]) for i in items[:4]],
        "accessibility_failures": failing,
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "lighthouse": report.get("lighthouseVersion"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running app (default: start one)")
    ap.add_argument("--runs", type=int, default=1, help="runs per page; the median is reported")
    ap.add_argument("--check", action="store_true", help="exit 1 below the targets")
    ap.add_argument("pages", nargs="*", default=PAGES)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    proc = None
    base = args.url.rstrip("/") if args.url else None
    if not base:
        base, proc = start_app()
    try:
        rows = []
        for path in args.pages:
            runs = []
            for i in range(args.runs):
                report = run_lighthouse(base + path, OUT / f"lighthouse-{_slug(path)}-{i + 1}.json")
                runs.append(summarise(report))
            perf = [r["performance"] for r in runs]
            median = sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]
            rows.append({"page": path, **median, "performance_runs": perf,
                         "performance_median": statistics.median(perf)})
    finally:
        if proc:
            stop_app(proc)
    (OUT / "lighthouse-summary.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    print(f"Lighthouse {rows[0]['lighthouse']} mobile profile, benchmarkIndex {rows[0]['benchmark_index']}")
    print("| page | performance | accessibility | transferred | requests | FCP | LCP | TBT | CLS |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        runs = "" if len(r["performance_runs"]) == 1 else f" (runs {r['performance_runs']})"
        print(f"| `{r['page']}` | {r['performance']}{runs} | {r['accessibility']} | {r['bytes'] / 1024:.0f} KiB | "
              f"{r['requests']} | {r['fcp_ms'] / 1000:.1f} s | {r['lcp_ms'] / 1000:.1f} s | {r['tbt_ms']} ms | {r['cls']} |")
    for r in rows:
        heavy = ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in r["heaviest"])
        print(f"  {r['page']}: heaviest {heavy}")
        if r["accessibility_failures"]:
            print(f"  {r['page']}: accessibility audits failing: {', '.join(r['accessibility_failures'])}")
    if args.check:
        bad = [r["page"] for r in rows
               if r["performance"] < TARGET_PERFORMANCE or r["accessibility"] < TARGET_ACCESSIBILITY]
        if bad:
            print(f"below performance {TARGET_PERFORMANCE} / accessibility {TARGET_ACCESSIBILITY}: {bad}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
