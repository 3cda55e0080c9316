"""Load test (issue 14, part 3): simulated citizens and hotline agents over real HTTP and the
Reflex websocket, on the embedded default and on the cluster, in one run.

    python bench/load.py --targets embedded,cluster --users 10,50,100,200 --duration 60
    python bench/load.py --targets url=http://127.0.0.1:3000 --users 10 --duration 20   # a running product

Each simulated citizen opens a tab (one websocket, its own session token), signs in with a
development code (the code the sign-in page shows to *its* browser on this machine, read from
the page's state over its own websocket, exactly as a person reads it off the screen — no
backdoor), then loops: home page, a search (REST and the search page), a guide (server-rendered
HTML and the page), one chat turn (POST /api/chat), and an application saved step by step and
submitted. One user in twenty is a hotline agent (staff account made with `minzheng staff add`)
refreshing the console (/agent page event and GET /api/agent/queue). Between operations a user
thinks 0.5–1.5 s. A level runs for ``--duration`` seconds after its users have signed in.

Measured per operation kind: p50/p95/p99 of the successes, errors, throughput; the server's CPU
(user + system from /proc of every process of the target: app workers, Rasa, actions, and in the
cluster nginx, PostgreSQL, Redis) per operation; the load generator's own CPU. The load generator
shares the machine's cores with the server: say so when quoting the figures. Prints a markdown
table at the end (and writes it to ``--out``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadstats import LevelResult, Sample, markdown_table, read_cpu_seconds, saturation, summarise  # noqa: E402
from bench.reflex_client import ReflexError, ReflexTab, redirected_or_scripted, state_name  # noqa: E402

LOGIN = state_name("app.ui.login_state", "login_state")
APPLY = state_name("app.ui.apply_state", "application_state")
AGENT = state_name("app.ui.agent_state", "agent_state")
SEARCHES = ["尊老金怎么领", "低保申请条件", "结婚登记要带什么", "残疾人两项补贴", "临时救助", "特困供养", "养老服务补贴",
            "离婚登记", "殡葬补贴", "孤儿基本生活费"]
GUIDES = ["MZ-ZLJ-01", "MZ-DB-01", "MZ-HY-01", "MZ-CJR-01", "MZ-LSJZ-01"]
CHATS = ["尊老金怎么领", "低保要什么条件", "结婚登记在哪里办", "残疾人补贴每月多少钱", "临时救助怎么申请", "你好"]
PAGE_KINDS = {"page_home", "page_search", "page_guide", "apply_start", "apply_save", "apply_submit", "agent_refresh"}
KIND_ORDER = ["ws_connect", "sign_in", "page_home", "http_search", "page_search", "http_guide", "page_guide", "chat",
              "apply_start", "apply_save", "apply_submit", "agent_refresh", "agent_queue"]
CLK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_id(level_id: int, seq: int) -> str:
    """A valid, fictitious ID number of a person over 80, distinct per level and user."""
    from datetime import date, timedelta

    from app.core.privacy import _CHECK, _WEIGHTS

    birth = (date(1930, 1, 1) + timedelta(days=level_id % 3000)).strftime("%Y%m%d")
    body = "320102" + birth + f"{seq % 1000:03d}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=False)) % 11]


# ---------------------------------------------------------------- one simulated person


@dataclass
class Run:
    base: str
    stop_at: float
    samples: list[Sample]
    think: tuple[float, float] = (0.5, 1.5)
    timeout: float = 30.0


class User:
    def __init__(self, run: Run, n: int, phone: str, staff: bool):
        self.run, self.n, self.phone, self.staff = run, n, phone, staff
        self.http = httpx.AsyncClient(base_url=run.base, timeout=run.timeout, follow_redirects=False,
                                      headers={"Origin": run.base})
        self.tab: ReflexTab | None = None
        self.chat_session: str | None = None
        self.rng = random.Random(n)

    async def timed(self, kind: str, coro) -> bool:
        t0 = time.perf_counter()
        try:
            took = await coro  # a websocket action says when its last update came
            took = took if isinstance(took, float) else time.perf_counter() - t0
            self.run.samples.append(Sample(kind, took, True))
            return True
        except Exception as exc:  # noqa: BLE001 - every failure is a counted error of its kind
            self.run.samples.append(Sample(kind, time.perf_counter() - t0, False, _err(exc)))
            return False

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.run.think))

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())

    async def reopen(self) -> None:
        """A full page load: a new websocket, carrying the cookies the browser now has."""
        if self.tab is not None:
            await self.tab.close()
        self.tab = ReflexTab(self.run.base, cookie=self.cookie_header(), timeout=self.run.timeout)
        await self.tab.open()

    async def sign_in(self) -> None:
        r = await self.http.post("/api/auth/request-code", data={"phone": self.phone, "next": "/me"})
        location = r.headers.get("location", "")
        if r.status_code != 303 or "sent=" not in location:
            raise RuntimeError("request-code refused: " + _error_of(location))
        login = ReflexTab(self.run.base, cookie=self.cookie_header(), timeout=self.run.timeout)
        await login.open()
        try:
            await login.navigate(location)
            code = login.get(LOGIN, "dev_code", "")
        finally:
            await login.close()
        if not re.fullmatch(r"\d{6}", code or ""):
            raise RuntimeError("no development code shown")
        r = await self.http.post("/api/auth/verify", data={"code": code, "next": "/me"})
        if r.status_code != 303 or "mz_session" not in self.http.cookies:
            raise RuntimeError("verify refused: " + _error_of(r.headers.get("location", "")))
        await self.reopen()

    async def page(self, path: str) -> float:
        return await self.tab.navigate(path)

    async def get(self, path: str, **params) -> None:
        r = await self.http.get(path, params=params)
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code}")

    async def chat(self) -> None:
        r = await self.http.post("/api/chat", json={"session": self.chat_session, "text": self.rng.choice(CHATS)})
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code}")
        data = r.json()
        self.chat_session = data.get("session")
        if not data.get("replies"):
            raise RuntimeError("no reply")
        if data.get("degraded"):
            self.run.samples.append(Sample("chat_degraded", 0.0, True))

    async def apply(self) -> None:
        tab = self.tab
        if not await self.timed("apply_start", self._apply_start()):
            return
        answers = {"name": "张桂英", "id_number": make_id(self.n // 1000, self.n % 1000), "hukou_city": "南京市",
                   "phone": self.phone, "bank_card": "6222021234567890123"}
        for _ in range(8):
            if tab.get(APPLY, "mode") != "question":
                break
            key = tab.get(APPLY, "q_key")
            saved = tab.get(APPLY, "q_saved_masked")
            await self.think()
            if not await self.timed("apply_save", self._save("" if saved else answers.get(key, "是"))):
                return
        await self.think()
        await self.timed("apply_submit", self._submit())

    async def _apply_start(self) -> float:
        took = await self.tab.navigate("/apply/MZ-ZLJ-01")
        if not self.tab.path.startswith("/application/"):
            raise RuntimeError("no draft opened")
        return took

    async def _save(self, value: str) -> float:
        before = (self.tab.path, self.tab.get(APPLY, "q_key"))
        took = await self.tab.run(APPLY + ".save", {"form": {"answer": value}}, until=redirected_or_scripted)
        if self.tab.get(APPLY, "error"):
            raise RuntimeError("answer refused")
        if (self.tab.path, self.tab.get(APPLY, "q_key")) == before:
            raise RuntimeError("no next step")
        return took

    async def _submit(self) -> float:
        if self.tab.get(APPLY, "mode") != "check":
            raise RuntimeError("not at the check step")
        took = await self.tab.run(APPLY + ".submit", until=redirected_or_scripted)
        if self.tab.get(APPLY, "submit_error") or not re.fullmatch(r"MZ\d{14}", self.tab.get(APPLY, "ref") or ""):
            raise RuntimeError("not submitted")
        return took

    async def citizen_round(self) -> None:
        q = self.rng.choice(SEARCHES)
        code = self.rng.choice(GUIDES)
        steps = [("page_home", lambda: self.page("/")),
                 ("http_search", lambda: self.get("/api/search", q=q)),
                 ("page_search", lambda: self.page(f"/search?q={q}")),
                 ("http_guide", lambda: self.get(f"/services/{code}")),
                 ("page_guide", lambda: self.page(f"/services/{code}")),
                 ("chat", self.chat)]
        for kind, step in steps:
            if time.monotonic() >= self.run.stop_at:
                return
            await self.think()
            if not await self.timed(kind, step()):
                await self.timed("ws_connect", self.reopen())
        if time.monotonic() < self.run.stop_at:
            await self.apply()

    async def agent_round(self) -> None:
        await self.think()
        ok = await self.timed("agent_refresh", self.tab.run(AGENT + ".refresh"))
        await self.think()
        ok &= await self.timed("agent_queue", self.get("/api/agent/queue"))
        if not ok:
            await self.timed("ws_connect", self.reopen())

    async def start(self) -> bool:
        if not await self.timed("ws_connect", self.reopen()):
            return False
        if not await self.timed("sign_in", self.sign_in()):
            return False
        if self.staff:
            return await self.timed("page_home", self.page("/agent"))
        return True

    async def loop(self) -> None:
        while time.monotonic() < self.run.stop_at:
            if self.staff:
                await self.agent_round()
            else:
                await self.citizen_round()

    async def close(self) -> None:
        if self.tab is not None:
            try:
                await self.tab.close()
            except Exception:  # noqa: BLE001
                pass
        await self.http.aclose()


def _err(exc: Exception) -> str:
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, ReflexError):
        return "websocket: " + str(exc)[:60]
    return f"{type(exc).__name__}: {str(exc)[:60]}"


def _error_of(location: str) -> str:
    return (parse_qs(urlsplit(location).query).get("error") or ["?"])[0][:60]


# ---------------------------------------------------------------- targets


class Target:
    name = ""
    base = ""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def ports(self) -> list[int]:
        return []

    def add_staff(self, phone: str) -> None: ...

    def server_pids(self) -> set[int]:
        """The listening processes of the target's ports and all their descendants."""
        roots: set[int] = set()
        for port in self.ports():
            out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
            roots |= {int(m) for m in re.findall(r"pid=(\d+)", out)}
        return descendants(roots)

    def cpu_seconds(self, pids: set[int]) -> dict[int, float]:
        return {p: c for p in pids if (c := read_cpu_seconds(p, CLK)) is not None}


def descendants(roots: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(d))
    out, todo = set(), list(roots)
    while todo:
        p = todo.pop()
        if p not in out:
            out.add(p)
            todo.extend(children.get(p, []))
    return out


def wait_for(pred, limit: float, every: float = 1.0) -> bool:
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if pred():
            return True
        time.sleep(every)
    return False


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


def rasa_ready(base: str) -> bool:
    try:
        return httpx.get(base + "/api/chat/status", timeout=5).json().get("rasa") is True
    except (httpx.HTTPError, ValueError):
        return False


class Embedded(Target):
    """`make run`'s product (.ci/product.sh: SQLite, one app process, two Rasa servers)."""

    name = "embedded"

    def __init__(self, log: Path):
        self.port, self.rasa_port = free_port(), 46005
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "PORT": str(self.port), "RASA_PORT": str(self.rasa_port), "RASA_ACTIONS_PORT": "46055"}
        self.proc = subprocess.Popen(["bash", ".ci/product.sh"], cwd=ROOT, env=env, start_new_session=True,
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115

    def ports(self) -> list[int]:
        return [self.port, self.rasa_port, self.rasa_port + 1, 46055]

    def add_staff(self, phone: str) -> None:
        subprocess.run([str(ROOT / ".venv/bin/minzheng"), "staff", "add", phone, "--role", "hotline_agent"],
                       cwd=ROOT, check=True, capture_output=True)

    def stop(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


class Cluster(Target):
    """`make cluster` (.ci/cluster.sh): nginx, two app workers, PostgreSQL, Redis, two Rasa servers."""

    name = "cluster"

    def __init__(self, log: Path, port: int = 8080):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = log

    def _env(self) -> dict:
        return {**os.environ, "CLUSTER_PORT": str(self.port), "CLUSTER_HOST": "127.0.0.1"}

    def start(self) -> None:
        with open(self.log, "w") as f:
            subprocess.run(["bash", ".ci/cluster.sh", "start"], cwd=ROOT, env=self._env(), stdout=f,
                           stderr=subprocess.STDOUT, check=True)

    def ports(self) -> list[int]:
        return [self.port, 58001, 58002, 55432, 56379, 55005, 55006, 55055]

    def database_url(self) -> str:
        secrets = dict(line.split("=", 1) for line in (ROOT / ".data/cluster/secrets.env").read_text().split())
        return f"postgresql+psycopg://minzheng:{secrets['PG_PASSWORD']}@127.0.0.1:55432/minzheng"

    def add_staff(self, phone: str) -> None:
        secrets = dict(line.split("=", 1) for line in (ROOT / ".data/cluster/secrets.env").read_text().split())
        subprocess.run([str(ROOT / ".venv/bin/minzheng"), "staff", "add", phone, "--role", "hotline_agent",
                        "--database-url", self.database_url()], cwd=ROOT, check=True, capture_output=True,
                       env={**os.environ, "DATA_KEY": secrets["DATA_KEY"]})

    def stop(self) -> None:
        subprocess.run(["bash", ".ci/cluster.sh", "stop"], cwd=ROOT, env=self._env(), capture_output=True)


class Running(Target):
    """A product someone else started (``url=…``): no CPU figures unless ``--pids``."""

    def __init__(self, base: str):
        self.name, self.base = base, base.rstrip("/")


# ---------------------------------------------------------------- a level


async def run_level(target: Target, users: int, duration: float, run_id: int, staff_phones: list[str],
                    think: tuple[float, float]) -> LevelResult:
    samples: list[Sample] = []
    run = Run(target.base, stop_at=float("inf"), samples=samples, think=think)
    people = []
    for i in range(users):
        staff = i % 20 == 19
        phone = staff_phones[i // 20] if staff else f"139{run_id % 10000:04d}{i:04d}"
        people.append(User(run, run_id * 1000 + i, phone, staff))
    # sign everyone in (ramp-up, counted but outside the measured window's throughput)
    sem = asyncio.Semaphore(20)

    async def start(u: User) -> bool:
        async with sem:
            return await u.start()

    started = await asyncio.gather(*(start(u) for u in people))
    ramp = list(samples)
    samples.clear()
    pids = target.server_pids()
    cpu0 = target.cpu_seconds(pids)
    load0 = os.times()
    t0 = time.monotonic()
    run.stop_at = t0 + duration
    await asyncio.gather(*(u.loop() for u, ok in zip(people, started, strict=True) if ok))
    elapsed = time.monotonic() - t0
    load1 = os.times()
    cpu1 = target.cpu_seconds(target.server_pids() | pids)
    for u in people:
        await u.close()
    cpu = sum(v - cpu0.get(p, 0.0) for p, v in cpu1.items()) if cpu0 else None
    measured = [s for s in samples if s.kind != "chat_degraded"]
    degraded = sum(s.kind == "chat_degraded" for s in samples)
    result = LevelResult(target.name, users, elapsed, summarise(ramp + measured), cpu,
                         (load1.user + load1.system) - (load0.user + load0.system), window_requests=len(measured))
    result.degraded_chats = degraded  # type: ignore[attr-defined]
    result.not_started = started.count(False)  # type: ignore[attr-defined]
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--targets", default="embedded,cluster", help="embedded, cluster, url=http://…")
    ap.add_argument("--users", default="10,50,100,200")
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--think", default="0.5,1.5", help="seconds a user waits between operations (min,max)")
    ap.add_argument("--rasa-wait", type=float, default=420, help="seconds to wait for the assistant to load")
    ap.add_argument("--out", default=str(ROOT / ".data" / "load-report.md"))
    args = ap.parse_args()
    levels = [int(u) for u in args.users.split(",")]
    think = tuple(float(x) for x in args.think.split(","))
    logs = ROOT / ".data"
    logs.mkdir(exist_ok=True)
    results: list[LevelResult] = []
    notes: list[str] = []
    run_id = random.randrange(1000, 9999)
    for spec in args.targets.split(","):
        target: Target = (Embedded(logs / "load-embedded.log") if spec == "embedded" else
                          Cluster(logs / "load-cluster.log") if spec == "cluster" else Running(spec.removeprefix("url=")))
        print(f"[load] {target.name}: starting", flush=True)
        t0 = time.monotonic()
        target.start()
        try:
            if not wait_for(lambda t=target: answers(t.base + "/") and answers(t.base + "/api/health"), 900):
                notes.append(f"{target.name}: did not answer in 900 s")
                continue
            print(f"[load] {target.name}: pages after {time.monotonic() - t0:.0f} s", flush=True)
            rasa = wait_for(lambda t=target: rasa_ready(t.base), args.rasa_wait, 3)
            print(f"[load] {target.name}: assistant {'ready' if rasa else 'NOT ready (chat answers from search)'} "
                  f"after {time.monotonic() - t0:.0f} s", flush=True)
            if not rasa:
                notes.append(f"{target.name}: the assistant was not ready; chat turns answered from search")
            staff_phones = [f"138{run_id:04d}9{i:03d}"[:11] for i in range(max(levels) // 20 + 1)]
            for phone in staff_phones:
                target.add_staff(phone)
            for users in levels:
                print(f"[load] {target.name}: {users} users for {args.duration:.0f} s", flush=True)
                r = asyncio.run(run_level(target, users, args.duration, run_id + users, staff_phones, think))
                results.append(r)
                print(markdown_table([r], KIND_ORDER), flush=True)
                print(f"[load]   server CPU {r.cpu_seconds or 0:.1f} s, load generator CPU {r.load_cpu_seconds:.1f} s, "
                      f"degraded chats {r.degraded_chats}, users not started {r.not_started}", flush=True)
                for k in r.stats:
                    if k.error_kinds:
                        print(f"[load]   {k.kind} errors: {k.error_kinds}", flush=True)
        finally:
            print(f"[load] {target.name}: stopping", flush=True)
            target.stop()
    report = ["## Load test", "", f"Machine: {os.cpu_count()} cores ({_cpu_model()}), load generator on the same "
              "cores; think time " f"{think[0]}–{think[1]} s; {args.duration:.0f} s per level.", "",
              markdown_table(results, KIND_ORDER), ""]
    for r in results:
        gen = r.load_cpu_seconds / r.duration_s * 100 if r.duration_s else 0
        report.append(f"- {r.target} {r.users} users: server CPU {100 * (r.cpu_seconds or 0) / r.duration_s:.0f} % "
                      f"of one core, load generator {gen:.0f} %, degraded chat turns {r.degraded_chats}, "
                      f"users that could not start {r.not_started}")
    for target, note in saturation(results, PAGE_KINDS).items():
        report.append(f"- {target} saturates: {note}")
    report += [f"- {n}" for n in notes]
    text = "\n".join(report)
    print("\n" + text)
    Path(args.out).write_text(text + "\n")
    return 0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
