"""Round trips of the assistant: POST /api/chat at 1 and 10 concurrent users.

Usage:
  python bench/chat_speed.py --url http://127.0.0.1:3000            # the running product
  python bench/chat_speed.py --url … --users 1 10 --requests 300
  python bench/chat_speed.py --rasa http://127.0.0.1:5005           # Rasa alone (its REST webhook)
  python bench/chat_speed.py … --json
  python bench/chat_speed.py --url … --cpu app=PID --cpu rasa=PID --cpu actions=PID
      # CPU time each process spent per turn (from /proc): robust to other jobs on the machine,
      # and the throughput the two cores could give if nothing else ran
  flock /tmp/heavy.lock python bench/chat_speed.py --start
      # starts its own app API (granian, as in the tests) + RASA_PROCESSES Rasa servers (default
      # 2, as `make run`) + the action server on free ports (training first if the inputs
      # changed), measures them with their CPU per turn, and stops them: the same command
      # before and after a change

Each virtual user holds its own conversations (a new session every ``--turns`` messages,
default 6) and sends one message after the other, as a person would: questions in citizens' words (the shared dev questions and
the knowledge base's FAQ questions, shuffled with a fixed seed), now and then a greeting or
a thanks. Reported: p50 / p95 / max latency, requests per second, errors, and how many
answers were degraded (answered from search because Rasa did not answer).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"
SMALL_TALK = ("你好", "谢谢", "你是机器人吗", "我的办件进度怎么查")


def messages(n: int, seed: int = 7, offset: int = 0) -> list[str]:
    from app.knowledge.loader import load_kb

    qs = [f.q for f in load_kb().faqs]
    if DEV.exists():
        qs += [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    rnd = random.Random(seed)
    rnd.shuffle(qs)
    out = []
    for i in range(n):
        out.append(SMALL_TALK[i % len(SMALL_TALK)] if i % 10 == 9 else qs[(offset + i) % len(qs)])
    return out


def _children(pid: int) -> list[int]:
    try:
        kids = [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def cpu_ms(pids: dict[str, int]) -> dict[str, float]:
    """CPU time (user + system, ms) used so far by each process and its threads."""
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    out = {}
    for name, pid in pids.items():
        for p in [pid, *_children(pid)]:  # a launcher's children (setsid, granian workers) count too
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone (or never was: a launcher that exec'd)
                continue
            out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) * tick
    return out


async def run(target: str, users: int, total: int, rasa: bool, per_session: int = 6, offset: int = 0,
              pids: dict[str, int] | None = None) -> dict:
    msgs = messages(total, offset=offset)
    queue: asyncio.Queue[str] = asyncio.Queue()
    for m in msgs:
        queue.put_nowait(m)
    lat: list[float] = []
    errors = degraded = 0
    limits = httpx.Limits(max_connections=users + 4, max_keepalive_connections=users + 4)
    async with httpx.AsyncClient(base_url=target, timeout=30, limits=limits) as client:

        async def user(uid: int) -> None:
            nonlocal errors, degraded
            session, sender, turns = None, "", per_session
            while True:
                try:
                    text = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                if turns >= per_session:  # a new conversation, as a new visitor would start
                    session, sender, turns = None, f"bench-{uid}-{time.time_ns()}", 0
                turns += 1
                t0 = time.perf_counter()
                try:
                    if rasa:
                        r = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
                        ok = r.status_code == 200 and isinstance(r.json(), list)
                    else:
                        r = await client.post("/api/chat", json={"session": session, "text": text})
                        body = r.json()
                        ok = r.status_code == 200 and bool(body.get("replies"))
                        session = body.get("session")
                        degraded += bool(body.get("degraded"))
                except (httpx.HTTPError, ValueError):
                    ok = False
                lat.append((time.perf_counter() - t0) * 1000)
                errors += not ok

        # warm-up: one request per user (connections, caches), not counted
        warm = [client.post("/webhooks/rest/webhook" if rasa else "/api/chat",
                            json={"sender": f"warm-{i}", "message": "你好"} if rasa else {"text": "你好"})
                for i in range(users)]
        await asyncio.gather(*warm, return_exceptions=True)
        cpu0 = cpu_ms(pids or {})
        t0 = time.perf_counter()
        await asyncio.gather(*(user(i) for i in range(users)))
        wall = time.perf_counter() - t0
        cpu1 = cpu_ms(pids or {})
    lat.sort()
    return {
        "target": "rasa-webhook" if rasa else "api-chat", "users": users, "requests": len(lat),
        "p50_ms": round(statistics.median(lat), 1),
        "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1),
        "max_ms": round(lat[-1], 1),
        "rps": round(len(lat) / wall, 1), "errors": errors, "degraded": degraded,
        "cpu_ms_per_turn": {k: round((cpu1[k] - cpu0[k]) / len(lat), 1) for k in cpu0 if k in cpu1},
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pids_of(run_dir: Path, api_pid: int) -> dict[str, int]:
    out = {"app": api_pid}
    for f in sorted((run_dir / "pids").glob("*.pid")):
        out[f.stem] = int(f.read_text().strip())
    return out


@contextmanager
def started_stack(processes: int = 2):
    """The app API + Rasa servers + action server on free ports; yields (url, {name: pid})."""
    run_dir = Path(tempfile.mkdtemp(prefix="bench-chat-", dir=ROOT / ".data"))
    api_port, rasa_port, actions_port = _free_port(), _free_port(), _free_port()
    while rasa_port + processes - 1 in (api_port, actions_port):
        rasa_port = _free_port()
    env = {**os.environ, "BOT_RUN": str(run_dir), "RASA_PORT": str(rasa_port), "RASA_PROCESSES": str(processes),
           "RASA_ACTIONS_PORT": str(actions_port), "RASA_TOKEN": os.urandom(12).hex(),
           "APP_API_URL": f"http://127.0.0.1:{api_port}",
           "RASA_URL": ",".join(f"http://127.0.0.1:{rasa_port + i}" for i in range(processes))}
    api = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "granian"), "--interface", "asgi", "--factory", "--host", "127.0.0.1",
         "--port", str(api_port), "app.api.main:build_api"],
        cwd=ROOT, env=env, stdout=open(run_dir / "api.log", "w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        subprocess.run(["bash", ".ci/bot.sh", "start"], cwd=ROOT, env=env, check=True)
        subprocess.run(["bash", ".ci/bot.sh", "wait", "600"], cwd=ROOT, env=env, check=True)
        time.sleep(2)  # granian workers
        yield f"http://127.0.0.1:{api_port}", _pids_of(run_dir, api.pid)
    finally:
        subprocess.run(["bash", ".ci/bot.sh", "stop"], cwd=ROOT, env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            os.killpg(api.pid, signal.SIGTERM)
            api.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        import shutil

        shutil.rmtree(run_dir, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--url", help="the app (POST /api/chat)")
    g.add_argument("--rasa", help="Rasa alone (POST /webhooks/rest/webhook)")
    g.add_argument("--start", action="store_true",
                   help="start the app API + Rasa + actions here, measure /api/chat, stop them")
    ap.add_argument("--processes", type=int, default=2, help="Rasa servers with --start (make run: 2)")
    ap.add_argument("--users", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--requests", type=int, default=200, help="messages per concurrency level")
    ap.add_argument("--turns", type=int, default=6, help="messages per conversation")
    ap.add_argument("--cpu", action="append", default=[], metavar="NAME=PID",
                    help="report this process's CPU time per turn (repeatable)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    pids = {n: int(p) for n, p in (c.split("=", 1) for c in args.cpu)}

    def measure(target: str, pids: dict[str, int]) -> list[dict]:
        # Each level gets other questions (an offset into the list), so a level does not profit
        # from answers cached while the previous one ran; the small talk repeats, as in real use.
        return [asyncio.run(run(target, u, args.requests, bool(args.rasa), args.turns, offset=k * args.requests,
                                pids=pids)) for k, u in enumerate(args.users)]

    if args.start:
        with started_stack(args.processes) as (url, started):
            out = measure(url, started)
    else:
        out = measure((args.url or args.rasa).rstrip("/"), pids)
    from bench.search_speed import machine

    if not args.json:
        print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"{'target':<14}{'users':>6}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}{'err':>5}{'degr':>6}")
        for r in out:
            print(f"{r['target']:<14}{r['users']:>6}{r['requests']:>6}{r['p50_ms']:>9}{r['p95_ms']:>9}"
                  f"{r['max_ms']:>9}{r['rps']:>8}{r['errors']:>5}{r['degraded']:>6}")
            if r["cpu_ms_per_turn"]:
                total = sum(r["cpu_ms_per_turn"].values())
                parts = "  ".join(f"{k} {v}" for k, v in r["cpu_ms_per_turn"].items())
                print(f"    CPU ms per turn: {parts}  (total {total:.1f}; "
                      f"{os.cpu_count()} cores could do ~{os.cpu_count() * 1000 / total:.0f} turns/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
