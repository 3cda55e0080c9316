"""Hotline console: time from a new line of transcript to refreshed suggestions, with the full
knowledge base.

Usage:
    python bench/agent_suggest.py                 # in-process figures
    python bench/agent_suggest.py --page          # also through the page: starts the app (prod
                                                  # build, temporary SQLite) and drives Chromium
    python bench/agent_suggest.py --page --url http://127.0.0.1:3000 --database-url sqlite:///…
                                                  # against an app that is already running

Lines: calls replayed line by line — the dev questions (real, long posts) cut at punctuation into
the clauses a caller says one after another, and KB FAQ questions as the opening line of a call.
For every new line the console does what ``AgentState.add_line`` does: store the line (redacted,
audited, in SQLite), recompute suggestions for the last citizen lines, and note a gap when they
are weak. In-process figures time exactly that (and the suggestion step alone); page figures time
from submitting the line in the browser until the suggestions panel has been re-rendered
(websocket event → handler → state delta → React), measured in the page with performance.now().

Also prints the confidence distributions the suggestion thresholds were set on. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"
OFF_TOPIC = ["今天天气怎么样", "我想买火车票", "喂喂听得到吗", "你们几点下班", "我家水管坏了找谁修", "帮我查一下快递",
             "交通违章怎么处理", "公积金怎么提取", "孩子上学报名要什么材料", "医保卡丢了怎么补办", "房子漏水物业不管",
             "出租车司机绕路投诉"]


from bench.search_speed import machine  # noqa: E402  (one description of the machine for every bench)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summary(name: str, xs: list[float]) -> str:
    return (f"{name:<44} n={len(xs):<5} p50={pct(xs, 50):7.2f} ms  p95={pct(xs, 95):7.2f} ms  "
            f"max={max(xs):7.2f} ms  mean={statistics.mean(xs):6.2f} ms")


def calls(kb, n_faq: int) -> list[list[str]]:
    """Each call: the lines a caller says, in order."""
    out: list[list[str]] = []
    if DEV.exists():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)["q"]
                parts = [p for p in re.split(r"(?<=[，,。？?！!；;])", q) if len(p.strip()) >= 2]
                out.append(parts or [q])
    step = max(1, len(kb.faqs) // max(1, n_faq))
    for f in kb.faqs[::step][:n_faq]:
        out.append(["喂，你好", f.q])
    return out


def in_process(n_faq: int) -> dict:
    from sqlmodel import Session

    from app.contacts.service import create_contact
    from app.core.db import make_engine
    from app.hotline import service as hs
    from app.hotline.suggest import suggest, suggest_for_query
    from app.identity.models import Account
    from app.identity.service import Actor
    from app.search.engine import get_engine
    from app.tables import create_tables

    t0 = time.perf_counter()
    engine = get_engine()
    cold = time.perf_counter() - t0
    kb = engine.kb
    tmp = Path(tempfile.mkdtemp(prefix="agent-bench-"))
    db = make_engine(f"sqlite:///{tmp / 'bench.db'}")
    create_tables(db)
    with Session(db) as s:
        acc = Account(phone_hash="bench-agent", phone_enc="-", phone_masked="坐席", role="hotline_agent")
        s.add(acc)
        s.commit()
        actor = Actor(acc.id, "hotline_agent", None, "hotline")

    suggest_for_query("尊老金怎么领", engine)  # warm the entry cache the way a running server has it
    only, full = [], []
    n_lines = 0
    for lines in calls(kb, n_faq):
        c = create_contact(db, kind="call", channel="hotline", session_id="bench", summary="来电")
        hs.claim(db, actor, c.id)
        for text in lines:
            t1 = time.perf_counter()
            contact = hs.add_line(db, actor, c.id, text, "caller")
            t2 = time.perf_counter()
            result = suggest(contact.transcript, engine)
            t3 = time.perf_counter()
            if result.query and not result.good:
                best = result.suggestions[0] if result.suggestions else None
                hs.note_weak_suggestions(db, actor, c.id, query=result.query,
                                         best_entry=best.entry_id if best else None,
                                         best_confidence=best.confidence if best else 0.0)
            t4 = time.perf_counter()
            only.append((t3 - t2) * 1000)
            full.append((t4 - t1) * 1000)
            n_lines += 1
    shutil.rmtree(tmp, ignore_errors=True)

    # confidence distributions the thresholds were set on
    faq_conf = [suggest_for_query(f.q, engine).best for f in kb.faqs]
    dev_conf = []
    if DEV.exists():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                r = suggest_for_query(d["q"], engine)
                dev_conf.append((r.best, r.suggestions[0].topic == d["topic"] if r.suggestions else False))
    off_conf = [suggest_for_query(q, engine).best for q in OFF_TOPIC]
    return {"cold_s": cold, "only": only, "full": full, "lines": n_lines, "faq_conf": faq_conf,
            "dev_conf": dev_conf, "off_conf": off_conf, "docs": len(engine.docs)}


# ------------------------------------------------------------------------------ page ---
MEASURE_JS = """
async (text) => {
  const region = document.querySelector('#suggest-region');
  const before = region.dataset.seq;
  const input = document.querySelector('#line-text');
  input.value = text;
  const t0 = performance.now();
  document.querySelector('#line-form').requestSubmit();
  await new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      if (document.querySelector('#suggest-region').dataset.seq !== before) { obs.disconnect(); resolve(); }
    });
    obs.observe(document.querySelector('#suggest-region'), {attributes: true});
  });
  await new Promise((r) => requestAnimationFrame(() => r()));
  return performance.now() - t0;
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_url: str) -> tuple[str, subprocess.Popen, Path]:
    port = _free_port()
    log = Path(tempfile.mkdtemp(prefix="agent-bench-app-")) / "reflex.log"
    env = {**os.environ, "DATABASE_URL": db_url}
    fh = open(log, "w")
    proc = subprocess.Popen(["reflex", "run", "--env", "prod", "--single-port", "--backend-port", str(port),
                             "--backend-host", "127.0.0.1", "--loglevel", "warning"], cwd=ROOT, env=env,
                            stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text()[-2000:])
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=5) as r, \
                    urllib.request.urlopen(url + "/", timeout=10) as p:
                if r.status == 200 and p.status == 200:
                    return url, proc, log
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError("the app did not start")


def through_page(url: str | None, db_url: str | None, n_lines: int) -> dict:
    from playwright.sync_api import sync_playwright
    from sqlmodel import Session, select

    from app.core.crypto import encrypt, lookup_hash
    from app.core.db import make_engine
    from app.core.privacy import mask_phone
    from app.identity.models import Account
    from app.search.engine import get_engine
    from app.tables import create_tables

    proc = None
    if url is None:
        db_url = db_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='agent-bench-db-')) / 'e2e.db'}"
        url, proc, _log = start_app(db_url)
    try:
        db = make_engine(db_url)
        create_tables(db)
        phone = "13600139999"
        with Session(db) as s:
            acc = s.exec(select(Account).where(Account.phone_hash == lookup_hash(phone))).first() or Account(
                phone_hash=lookup_hash(phone), phone_enc=encrypt(phone), phone_masked=mask_phone(phone))
            acc.role = "hotline_agent"
            s.add(acc)
            s.commit()
        lines = [ln for call in calls(get_engine().kb, 40) for ln in call][:n_lines]
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        times: list[float] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            page.goto(url + "/agent")
            page.wait_for_url(re.compile(r"/login"))
            page.fill("#phone", phone)
            page.click("button[type=submit]")
            page.wait_for_selector("#dev-code")
            page.fill("#code", page.inner_text("#dev-code"))
            page.get_by_role("button", name="登录").click()
            page.wait_for_selector("#agent-refresh")
            page.wait_for_function("() => Object.keys(document.querySelector('main')).some(k => k.startsWith('__react'))")
            per_call = 6
            for i, text in enumerate(lines):
                if i % per_call == 0:  # a new call every few lines, as on a real shift
                    page.get_by_role("button", name="接听来电").click()
                    page.wait_for_selector("#line-form")
                    page.wait_for_timeout(200)
                times.append(page.evaluate(MEASURE_JS, text))
                page.wait_for_timeout(50)
            browser.close()
        return {"page": times}
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--faq-calls", type=int, default=150, help="FAQ questions replayed as calls")
    ap.add_argument("--page", action="store_true", help="also measure through the page in Chromium")
    ap.add_argument("--url", default=None, help="an app already running (else one is started)")
    ap.add_argument("--database-url", default=None, help="that app's database (to create the agent account)")
    ap.add_argument("--page-lines", type=int, default=60)
    args = ap.parse_args()

    print(f"machine: {machine()}")
    r = in_process(args.faq_calls)
    print(f"knowledge base: {r['docs']} search documents; engine cold start {r['cold_s']:.2f} s")
    print(f"in-process, {r['lines']} transcript lines:")
    print("  " + summary("suggestions only (search + confidence)", r["only"]))
    print("  " + summary("new line → suggestions (store, audit, suggest)", r["full"]))
    fc = r["faq_conf"]
    print(f"confidence of the best suggestion: KB FAQ questions p10={pct(fc, 10):.2f} p50={pct(fc, 50):.2f}; "
          f"dev questions right topic p50={pct([c for c, ok in r['dev_conf'] if ok] or [0], 50):.2f} "
          f"(n={sum(ok for _, ok in r['dev_conf'])}), wrong topic max={max([c for c, ok in r['dev_conf'] if not ok] or [0]):.2f}; "
          f"off-topic talk max={max(r['off_conf']):.2f} p50={pct(r['off_conf'], 50):.2f}")
    if args.page:
        p = through_page(args.url, args.database_url, args.page_lines)
        print("through the page (Chromium, websocket event → handler → re-render):")
        print("  " + summary("new line → suggestions re-rendered", p["page"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
