"""Fault drills on the cluster (`make cluster`; issue 14, part 5), run by `python bench/drills.py --cluster`.

Each drill prints its outcome in one line:
- submit: a citizen fills an application to the check step, sends 确认提交 and one app worker is
  killed with SIGKILL at once; the tab reconnects (through nginx, to whichever worker answers) and
  the application is either submitted (one 受理编号, a second submit gives the same) or still a
  draft with every answer, submitted then. Never lost, never doubled.
- redis: Redis killed (the supervisor restarts it): pages, sign-in and a draft afterwards.
- postgres: PostgreSQL stopped fast; a page action meanwhile gets the Chinese message (toast),
  /api/health says 503; after the supervisor restarts it the same action works, no app restart.
- rasa: one Rasa server killed: chat turns still answered by Rasa (the failover); both killed:
  answered from search (degraded).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx

from bench.load import APPLY, Run, User, answers, rasa_ready, wait_for

ROOT = Path(__file__).resolve().parents[1]
CL = ROOT / ".data" / "cluster"


def pid_of(name: str, folder: Path = CL / "pids") -> int | None:
    try:
        return int((folder / f"{name}.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def listeners(port: int) -> list[int]:
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    return sorted({int(m) for m in re.findall(r"pid=(\d+)", out)})


def health(base: str) -> tuple[int, dict]:
    try:
        r = httpx.get(base + "/api/health", timeout=5)
        return r.status_code, r.json()
    except (httpx.HTTPError, ValueError):
        return 0, {}


async def citizen(base: str, n: int) -> User:
    u = User(Run(base, stop_at=float("inf"), samples=[], think=(0, 0)), n, f"1370{n % 10000000:07d}", False)
    assert await u.start(), "sign-in failed"
    return u


async def to_check(u: User) -> int:
    await u._apply_start()
    app_id = int(u.tab.path.split("/application/")[1].split("?")[0])
    answers_ = {"name": "张桂英", "id_number": __import__("bench.load", fromlist=["make_id"]).make_id(u.n // 1000, u.n),
                "hukou_city": "南京市", "phone": u.phone, "bank_card": "6222021234567890123"}
    while u.tab.get(APPLY, "mode") == "question":
        await u._save("" if u.tab.get(APPLY, "q_saved_masked") else answers_[u.tab.get(APPLY, "q_key")])
    return app_id


async def status_of(u: User, app_id: int) -> tuple[str, str, int]:
    """(mode, ref, answers filled) of the application, read through a fresh tab."""
    await u.reopen()
    await u.tab.navigate(f"/application/{app_id}")
    rows = u.tab.get(APPLY, "rows") or []
    filled = sum(1 for r in rows if "未填写" not in str(r))
    return u.tab.get(APPLY, "mode"), u.tab.get(APPLY, "ref") or "", filled


async def drill_submit(base: str, round_: int) -> str:
    u = await citizen(base, 7000 + round_)
    app_id = await to_check(u)
    port = 58001 + round_ % 2
    victims = listeners(port)
    task = asyncio.create_task(u.tab.run(APPLY + ".submit"))
    await asyncio.sleep(0.005)
    for p in victims:
        os.kill(p, signal.SIGKILL)
    t0 = time.monotonic()
    try:
        await asyncio.wait_for(task, 10)
        first = "the submit answered"
    except Exception as exc:  # noqa: BLE001
        first = f"the submit was cut ({type(exc).__name__})"
    mode, ref, filled = await status_of(u, app_id)
    if mode == "check":
        outcome = f"still a draft with {filled}/5 answers; submitted again"
        await u.tab.run(APPLY + ".submit", until=lambda t, e: any(x.get("name") == "_redirect" for x in e))
        mode, ref, _ = await status_of(u, app_id)
    else:
        outcome = "submitted once"
    again_ref = ""
    if ref:  # a retry (double tap, a reconnect) never makes a second one
        await u.tab.navigate(f"/application/{app_id}?step=check")
        _, again_ref, _ = await status_of(u, app_id)
    back = wait_for(lambda: bool(listeners(port)) and answers(f"http://127.0.0.1:{port}/api/health"), 120, 0.5)
    await u.close()
    ok = bool(re.fullmatch(r"MZ\d{14}", ref)) and again_ref == ref
    back_note = f"worker back after {time.monotonic() - t0:.1f} s" if back else "worker NOT back in 120 s"
    return (f"submit drill {round_ + 1} (worker :{port} kill -9 {victims}): {first}; {outcome}; "
            f"受理编号 {'one' if ok else 'PROBLEM ' + repr((ref, again_ref))}; carried on through nginx; {back_note}")


async def drill_redis(base: str) -> str:
    u = await citizen(base, 7100)
    pid = pid_of("redis")
    os.kill(pid, signal.SIGKILL)
    t0 = time.monotonic()
    back = wait_for(lambda: health(base)[1].get("checks", {}).get("redis") == "ok" and pid_of("redis") != pid, 60, 0.5)
    t_back = time.monotonic() - t0
    try:
        await u.reopen()
        await u.page("/me")
        app_id = await to_check(u)
        mode, _, filled = await status_of(u, app_id)
        after = f"signed in still, a new draft filled ({filled}/5, {mode})"
    except Exception as exc:  # noqa: BLE001
        after = f"PROBLEM after the restart: {type(exc).__name__}: {exc}"
    await u.close()
    return f"redis drill (kill -9): redis ok again after {t_back:.1f} s" + ("" if back else " (NOT back)") + "; " + after


async def drill_postgres(base: str) -> str:
    u = await citizen(base, 7200)
    app_id = await to_check(u)
    await u.tab.navigate(f"/application/{app_id}?step=0")
    pgdir = Path(os.path.realpath(CL / "pg"))
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run([*as_pg, str(pgbin / "pg_ctl"), "-D", str(pgdir / "data"), "stop", "-m", "fast"], cwd=pgdir,
                   capture_output=True)
    t0 = time.monotonic()
    code, _ = health(base)
    during = ""
    try:
        events = []
        await u.tab.run(APPLY + ".save", {"form": {"answer": "张桂芳"}},
                        until=lambda t, e: bool(events.extend(e) or e))
        during = json.dumps([e.get("payload") for e in events], ensure_ascii=False)
    except Exception as exc:  # noqa: BLE001
        during = f"{type(exc).__name__}"
    # the toast's text sits \u-escaped inside the script Reflex sends: compare without the escapes
    escaped = "".join(f"u{ord(c):04x}" for c in "连不上数据库")
    shown = "连不上数据库" in during or escaped in during.replace("\\", "")
    msg = ("the Chinese message shown (系统暂时连不上数据库…之前保存的内容都还在)" if shown
           else f"PROBLEM message: {during[:120]!r}")
    back = wait_for(lambda: health(base)[0] == 200, 90, 0.5)
    t_back = time.monotonic() - t0
    mode, _, filled = await status_of(u, app_id)
    await u.close()
    return (f"postgres drill (stop -m fast): health {code} while down; a save meanwhile: {msg}; database back after "
            f"{t_back:.1f} s{'' if back else ' (NOT back)'}; the draft read again without an app restart ({filled}/5 "
            f"answers, {mode})")


async def drill_rasa(base: str) -> str:
    ready = wait_for(lambda: rasa_ready(base), 420, 3)
    pids = [pid_of(f"rasa-{i}", CL / "bot" / "pids") for i in range(2)]
    if None in pids or not ready:
        return "rasa drill: the Rasa servers are not running (assistant not started?)"

    async def turns(n: int) -> tuple[int, int]:
        async with httpx.AsyncClient(base_url=base, timeout=30) as h:
            degraded = answered = 0
            for i in range(n):
                r = (await h.post("/api/chat", json={"text": ["尊老金怎么领", "低保要什么条件"][i % 2]})).json()
                answered += bool(r.get("replies"))
                degraded += bool(r.get("degraded"))
            return answered, degraded

    os.killpg(pids[0], signal.SIGKILL)
    a1, d1 = await turns(6)
    os.killpg(pids[1], signal.SIGKILL)
    a2, d2 = await turns(4)
    return (f"rasa drill: one server killed — {a1}/6 turns answered, {d1} from search; both killed — {a2}/4 answered, "
            f"{d2} from search (the watcher restarts them; loading takes a minute)")


async def run_all(base: str) -> list[str]:
    out = []
    for name, coro in [("submit 1", drill_submit(base, 0)), ("submit 2", drill_submit(base, 1)),
                       ("redis", drill_redis(base)), ("postgres", drill_postgres(base)), ("rasa", drill_rasa(base))]:
        try:
            line = await coro
        except Exception as exc:  # noqa: BLE001 - a drill that breaks is reported, the others still run
            line = f"{name} drill: FAILED to run: {type(exc).__name__}: {exc}"
        print(line, flush=True)
        out.append(line)
    return out


def main(port: int = 8080, start: bool = True) -> int:
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CLUSTER_PORT": str(port), "CLUSTER_HOST": "127.0.0.1"}
    if start:
        subprocess.run(["bash", ".ci/cluster.sh", "start"], cwd=ROOT, env=env, check=True, capture_output=True)
    try:
        wait_for(lambda: answers(base + "/api/health"), 300)
        lines = asyncio.run(run_all(base))
        return 1 if any("PROBLEM" in x or "FAILED" in x or "NOT" in x for x in lines) else 0
    finally:
        if start:
            subprocess.run(["bash", ".ci/cluster.sh", "stop"], cwd=ROOT, env=env, capture_output=True)

