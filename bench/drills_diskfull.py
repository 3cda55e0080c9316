"""The disk-full drill on the SQLite default (issue 14, part 5), run by `python bench/drills.py --disk-full`.

The product (`.ci/product.sh`, no assistant) runs with its database on a small tmpfs (root: a
real ENOSPC from the kernel, no injection). A citizen signs in and saves two answers; the disk is
then filled; the next save must fail with the Chinese message, a sign-in request too, while
pages and search still answer; the database passes ``PRAGMA integrity_check`` with both answers;
after space is freed the same tab saves the rest and submits, without an app restart.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote

import httpx

from bench.drills import stop_product
from bench.load import APPLY, Run, User, answers, free_port, make_id, wait_for

ROOT = Path(__file__).resolve().parents[1]


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    try:
        os.fsync(f.fileno())
    except (OSError, ValueError):
        pass
    return filler


async def citizen_steps(base: str, folder: Path) -> list[str]:
    out = []
    u = User(Run(base, stop_at=float("inf"), samples=[], think=(0, 0)), 8001, "13700080001", False)
    assert await u.start(), "sign-in failed"
    await u._apply_start()
    app_id = int(u.tab.path.split("/application/")[1].split("?")[0])
    await u._save("张桂英")
    await u._save(make_id(8, 1))
    out.append(f"draft {app_id}: 2 answers saved")
    filler = fill(folder)
    free = shutil.disk_usage(folder).free
    events: list[dict] = []

    def seen(_tab, e):
        events.extend(e)
        return bool(e)

    await u.tab.run(APPLY + ".save", {"form": {"answer": "南京市"}}, until=seen)
    shown = json.dumps([e.get("payload") for e in events], ensure_ascii=False)
    # the toast's text sits \u-escaped inside the script Reflex sends: compare without the escapes
    told = "存储空间已满" in shown or "".join(f"u{ord(c):04x}" for c in "存储空间已满") in shown.replace("\\", "")
    out.append(f"disk full ({free} bytes free): the save shows "
               + ("the Chinese message (存储空间已满…之前保存的内容都还在)" if told else f"PROBLEM {shown[:160]!r}"))
    async with httpx.AsyncClient(base_url=base, headers={"Origin": base}, timeout=30) as h:
        r = await h.post("/api/auth/request-code", data={"phone": "13700080002"})
        body = r.text
        out.append(f"a sign-in request meanwhile: HTTP {r.status_code}, "
                   + ("Chinese message" if "存储空间已满" in body or "存储空间已满" in unquote(r.headers.get("location", ""))
                      else f"PROBLEM {body[:100]!r}"))
        s = await h.get("/api/search", params={"q": "尊老金"})
        g = await h.get("/services/MZ-ZLJ-01")
        out.append(f"search {s.status_code}, guide page {g.status_code} while full")
    filler.unlink()
    await u._save("南京市")
    while u.tab.get(APPLY, "mode") == "question":
        key = u.tab.get(APPLY, "q_key")
        await u._save({"phone": u.phone, "bank_card": "6222021234567890123"}.get(key, "是"))
    await u._submit()
    out.append(f"space freed: the same tab saved the rest and submitted ({u.tab.get(APPLY, 'ref')}), no app restart")
    await u.close()
    return out


def main() -> int:
    if os.getuid() != 0:
        print("disk-full drill: needs root (mounts a small tmpfs)")
        return 1
    folder = ROOT / ".data" / "diskfull"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", str(folder)], check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    db = folder / "minzheng.db"
    src = sqlite3.connect(ROOT / ".data" / "minzheng.db")
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    env = {**os.environ, "PORT": str(port), "BOT_DISABLED": "1", "DATABASE_URL": f"sqlite:///{db}"}
    log = open(ROOT / ".data" / "drills-diskfull.log", "w")  # noqa: SIM115
    prod = subprocess.Popen(["bash", ".ci/product.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    failed = False
    try:
        if not wait_for(lambda: answers(base + "/") and answers(base + "/api/health"), 600):
            print("disk-full drill: the product did not start (log .data/drills-diskfull.log)")
            return 1
        for line in asyncio.run(citizen_steps(base, folder)):
            print("disk-full drill: " + line, flush=True)
            failed = failed or "PROBLEM" in line
        con = sqlite3.connect(db)
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()
        print(f"disk-full drill: PRAGMA integrity_check after the drill: {check}")
        failed = failed or check != "ok"
    finally:
        stop_product(prod)
        log.close()
        time.sleep(1)
        subprocess.run(["umount", str(folder)])
    return 1 if failed else 0
