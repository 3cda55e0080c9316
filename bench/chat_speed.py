"""Round trips of the assistant: POST /api/chat at 1 and 10 concurrent users.

Usage:
  python bench/chat_speed.py --url http://127.0.0.1:3000            # the running product
  python bench/chat_speed.py --url … --users 1 10 --requests 300
  python bench/chat_speed.py --rasa http://127.0.0.1:5005           # Rasa alone (its REST webhook)
  python bench/chat_speed.py … --json
  python bench/chat_speed.py --url … --cpu app=PID --cpu rasa=PID --cpu actions=PID
      # CPU time each process spent per turn (from /proc): robust to other jobs on the machine,
      # and the throughput the two cores could give if nothing else ran

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
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
SMALL_TALK = ("你好", "谢谢", "你是机器人吗", "我的办件进度怎么查")


def messages(n: int, seed: int = 7, offset: int = 0) -> list[str]:
    from app.knowledge.loader import load_kb

    qs = [f.q for f in load_kb().faqs]
    if DEV.exists():
        qs += [json.loads(l)["q"] for l in DEV.read_text(encoding="utf-8").splitlines() if l.strip()]
    rnd = random.Random(seed)
    rnd.shuffle(qs)
    out = []
    for i in range(n):
        out.append(SMALL_TALK[i % len(SMALL_TALK)] if i % 10 == 9 else qs[(offset + i) % len(qs)])
    return out


def cpu_ms(pids: dict[str, int]) -> dict[str, float]:
    """CPU time (user + system, ms) used so far by each process and its threads."""
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    out = {}
    for name, pid in pids.items():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        out[name] = (int(fields[11]) + int(fields[12])) * tick
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
        "cpu_ms_per_turn": {k: round((cpu1[k] - cpu0[k]) / len(lat), 1) for k in cpu0},
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--url", help="the app (POST /api/chat)")
    g.add_argument("--rasa", help="Rasa alone (POST /webhooks/rest/webhook)")
    ap.add_argument("--users", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--requests", type=int, default=200, help="messages per concurrency level")
    ap.add_argument("--turns", type=int, default=6, help="messages per conversation")
    ap.add_argument("--cpu", action="append", default=[], metavar="NAME=PID",
                    help="report this process's CPU time per turn (repeatable)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    target = (args.url or args.rasa).rstrip("/")
    # Each level gets other questions (an offset into the list), so a level does not profit
    # from answers cached while the previous one ran; the small talk repeats, as in real use.
    pids = {n: int(p) for n, p in (c.split("=", 1) for c in args.cpu)}
    out = [asyncio.run(run(target, u, args.requests, bool(args.rasa), args.turns, offset=k * args.requests,
                           pids=pids)) for k, u in enumerate(args.users)]
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
