"""Fault drills on the embedded default (`make run`): is a crashed part started again?

    python bench/drills.py                 # start `make run` on a free port, then the drills
    python bench/drills.py --bot           # also kill the action server and a Rasa server
    python bench/drills.py --cluster       # the cluster drills (bench/drills_cluster.py): kill -9 a worker
                                           # during a submit, Redis, PostgreSQL, Rasa (starts `make cluster`)
    python bench/drills.py --disk-full     # the SQLite database on a full disk (a small tmpfs; root)

Each drill kills a process with SIGKILL (as the kernel's OOM killer or a crash would) and measures
how long until the product answers again. It prints one line per drill and exits non-zero when a
part did not come back. Run it on a quiet machine: it starts the whole product (the first start
builds the frontend; with ``--bot`` the assistant trains when its inputs changed).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, timeout: float = 3.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except Exception:  # noqa: BLE001 - any failure means "not answering yet"
        return False


def wait_until(pred, limit: float) -> float | None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if pred():
            return time.monotonic() - t0
        time.sleep(0.5)
    return None


def listener_pids(port: int) -> list[int]:
    """PIDs of the processes listening on ``port`` (from ``ss``; the app's worker)."""
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    pids = set()
    for part in out.split("pid=")[1:]:
        digits = part.split(",", 1)[0]
        if digits.isdigit():
            pids.add(int(digits))
    return sorted(pids)


def pid_file(name: str) -> int | None:
    f = ROOT / ".data" / "bot" / "pids" / f"{name}.pid"
    try:
        return int(f.read_text().strip())
    except (OSError, ValueError):
        return None


def stop_product(prod: subprocess.Popen) -> None:
    """Stop a product started with ``.ci/product.sh`` in its own session: TERM to the whole group
    (the script stops the app and the assistant), KILL if it is not gone within a minute."""
    os.killpg(prod.pid, signal.SIGTERM)
    try:
        prod.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(prod.pid, signal.SIGKILL)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bot", action="store_true", help="also drill the Rasa and action servers")
    ap.add_argument("--start-limit", type=float, default=900, help="seconds to wait for the first start")
    ap.add_argument("--cluster", action="store_true", help="the cluster drills instead (bench/drills_cluster.py)")
    ap.add_argument("--cluster-port", type=int, default=8080)
    ap.add_argument("--running", action="store_true", help="with --cluster: use the cluster already running")
    ap.add_argument("--disk-full", action="store_true", help="the disk-full drill on SQLite (bench/drills_diskfull.py)")
    args = ap.parse_args()
    if args.disk_full:
        sys.path.insert(0, str(ROOT))
        from bench.drills_diskfull import main as disk_main

        return disk_main()
    if args.cluster:
        sys.path.insert(0, str(ROOT))
        from bench.drills_cluster import main as cluster_main

        return cluster_main(args.cluster_port, start=not args.running)
    port = free_port()
    env = {**os.environ, "PORT": str(port)}
    if not args.bot:
        env["BOT_DISABLED"] = "1"
    log = open(ROOT / ".data" / "drills.log", "w")  # noqa: SIM115 - kept open for the product's lifetime
    prod = subprocess.Popen(["bash", ".ci/product.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    home = f"http://127.0.0.1:{port}/"
    health = f"http://127.0.0.1:{port}/api/health"
    failed = False
    try:
        t = wait_until(lambda: answers(home) and answers(health), args.start_limit)
        if t is None:
            print(f"first start: no answer on {home} after {args.start_limit:.0f} s (log: .data/drills.log)")
            return 1
        print(f"first start: pages after {t:.1f} s")
        for drill in range(2):
            pids = listener_pids(port)
            if not pids:
                print("app drill: no process listens on the port")
                return 1
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
            t0 = time.monotonic()
            wait_until(lambda: not answers(health, 1.0), 10)
            back = wait_until(lambda: answers(home) and answers(health), 600)
            if back is None:
                print(f"app drill {drill + 1}: kill -9 of the worker {pids}: NOT back after 600 s")
                failed = True
                break
            print(f"app drill {drill + 1}: kill -9 of the worker {pids}: pages again after "
                  f"{time.monotonic() - t0:.1f} s")
        if args.bot:
            for name in ("actions", "rasa-0"):
                before = pid_file(name)
                if before is None:
                    print(f"bot drill {name}: not running (is the assistant started? log .data/bot/start.log)")
                    failed = True
                    continue
                os.killpg(before, signal.SIGKILL)
                t0 = time.monotonic()
                back = wait_until(lambda n=name, b=before: (pid_file(n) or b) != b, 120)
                print(f"bot drill {name}: kill -9: " + (f"started again after {time.monotonic() - t0:.1f} s"
                                                       if back is not None else "NOT started again in 120 s"))
                failed |= back is None
        return 1 if failed else 0
    finally:
        stop_product(prod)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
