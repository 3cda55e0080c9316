"""The cluster mode (`make cluster`, .ci/cluster.sh), brought up for real: PostgreSQL, Redis, two
Reflex workers and nginx in front, on free loopback ports, from the frontend build the e2e app
made already (``app_url``: one build per checkout). The assistant is left out of the live cluster
(Rasa takes about a minute to load); its endpoints file is checked, and Rasa's own tracker and lock
stores are opened from it against the cluster's PostgreSQL and Redis, from two processes.

What is proved through nginx: a page and /api/health (database ok, redis ok); a state set by a
websocket event on worker A is read by worker B (the search page's on-load event); websockets
through nginx land on both workers and see the same state; /assets/* come from nginx with one
year-long immutable Cache-Control; /api/metrics is closed whatever the client sends.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import textwrap
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

from tests.e2e.reflex_ws import ReflexSocket

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "cluster.sh"
SEARCH_STATE = "reflex___state____state.app___ui___state____search_state"


def _free_ports(n: int) -> list[int]:
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def _cluster_env(folder: Path, workers: int = 2) -> dict[str, str]:
    # Worker ports follow each other (CLUSTER_APP_PORT + i): find a free run of them.
    while True:
        nginx, pg, redis, app, rasa, actions = _free_ports(6)
        if all(_port_free(app + i) for i in range(1, workers)) and _port_free(rasa + 1):
            break
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "REDIS_URL", "RASA_", "DATA_KEY", "CHAT_SECRET", "BACKUP_KEY"))}
    return {**env, "CLUSTER_DIR": str(folder), "CLUSTER_HOST": "127.0.0.1", "CLUSTER_PORT": str(nginx),
            "CLUSTER_PG_PORT": str(pg), "CLUSTER_REDIS_PORT": str(redis), "CLUSTER_APP_PORT": str(app),
            "CLUSTER_WORKERS": str(workers), "CLUSTER_RASA_PORT": str(rasa), "CLUSTER_ACTIONS_PORT": str(actions),
            "CLUSTER_SETUP": "0", "CLUSTER_BUILD": "0", "CLUSTER_BOT": "0"}


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _run(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _secrets(folder: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in (folder / "secrets.env").read_text().split())


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def cluster(app_url):
    """The live cluster (no assistant). ``app_url`` first: the e2e app has built .web, reused here."""
    for tool in ("redis-server", "nginx"):
        assert shutil.which(tool), f"{tool} missing: .ci/setup.sh installs it with SETUP_CLUSTER=1"
    folder = ROOT / ".data" / f"cluster-test-{uuid.uuid4().hex[:8]}"
    env = _cluster_env(folder)
    started = _run(env, "start")
    try:
        assert started.returncode == 0, started.stdout[-3000:] + started.stderr[-3000:]
        yield {"env": env, "folder": folder, "url": f"http://127.0.0.1:{env['CLUSTER_PORT']}",
               "workers": [f"http://127.0.0.1:{int(env['CLUSTER_APP_PORT']) + i}" for i in range(2)]}
    finally:
        _run(env, "purge", timeout=120)


def test_page_and_health_through_nginx(cluster):
    status, headers, body = _get(cluster["url"] + "/", {"Accept": "text/html"})
    assert status == 200 and b"<html" in body.lower()
    status, _, body = _get(cluster["url"] + "/api/health")
    health = __import__("json").loads(body)
    assert status == 200, health
    assert health["checks"]["database"] == "ok" and health["checks"]["redis"] == "ok", health
    # a server-rendered knowledge-base page, from PostgreSQL, through nginx
    status, _, body = _get(cluster["url"] + "/services/" + _a_service_code(), {"Accept": "text/html"})
    assert status == 200 and "办理".encode() in body or "条件".encode() in body


def _a_service_code() -> str:
    text = next((ROOT / "app" / "knowledge" / "data").glob("zlj*.yaml")).read_text(encoding="utf-8")
    return re.search(r"code:\s*['\"]?(MZ-[A-Z0-9-]+)", text).group(1)


def test_state_set_on_one_worker_is_read_on_the_other(cluster):
    a, b = cluster["workers"]
    with ReflexSocket(a) as tab:
        delta = tab.event(SEARCH_STATE + ".load_from_url", path="/search", query={"q": "尊老金"})
        assert delta[SEARCH_STATE]["query_rx_state_"] == "尊老金"
        token = tab.token
    # The same tab reconnecting to the other worker finds its state (it lives in Redis) …
    with ReflexSocket(b, token=token) as tab:
        state = tab.hydrate("/search", {"q": ""})[SEARCH_STATE]
        assert state["query_rx_state_"] == "尊老金" and state["searched_rx_state_"] is True
        assert state["total_rx_state_"] > 0
    # … and another tab does not (not a default that happens to match).
    with ReflexSocket(b) as other:
        assert other.hydrate("/")[SEARCH_STATE]["query_rx_state_"] == ""


def test_websockets_through_nginx_reach_both_workers(cluster):
    with ReflexSocket(cluster["url"]) as tab:
        tab.event(SEARCH_STATE + ".load_from_url", path="/search", query={"q": "低保"})
        token = tab.token
    for _ in range(3):
        with ReflexSocket(cluster["url"], token=token) as tab:
            assert tab.hydrate("/")[SEARCH_STATE]["query_rx_state_"] == "低保"
    log = (cluster["folder"] / "logs" / "nginx-access.log").read_text()
    upgraded = [line.split()[6] for line in log.splitlines() if " /_event/ 101 " in line]
    workers = {u.removeprefix("http://") for u in cluster["workers"]}
    assert set(upgraded) == workers, upgraded  # round robin: each worker took some of them
    # The access log holds no query strings (session tokens, search text) and no client address.
    assert token not in log and "低保" not in log and "?" not in log


def test_static_files_long_immutable_cache(cluster):
    assets = sorted((ROOT / ".web" / "build" / "client" / "assets").glob("*.js"))
    assert assets, "no frontend build"
    status, headers, _ = _get(f"{cluster['url']}/assets/{assets[0].name}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert headers.get("Content-Encoding") == "gzip"  # the build's precompressed file
    upstream = _access_line(cluster, f"/assets/{assets[0].name} ").split()[6]
    conf = (cluster["folder"] / "nginx" / "nginx.conf").read_text()
    if "gzip_static on;" in conf:
        assert upstream == "-"  # nginx itself, from the build, no worker
    else:
        # nginx's user cannot read the build (a checkout inside a 0700 folder, e.g. root's home):
        # the files come through a worker, with the same year-long immutable header
        assert "proxy_hide_header Cache-Control;" in conf and upstream.startswith("127.0.0.1:")
    # pages are not cached blindly
    _, headers, _ = _get(cluster["url"] + "/", {"Accept": "text/html"})
    assert "immutable" not in (headers.get("Cache-Control") or "")


def _access_line(cluster, needle: str) -> str:
    """The last access-log line with ``needle`` (nginx writes it just after the response)."""
    for _ in range(50):
        lines = [x for x in (cluster["folder"] / "logs" / "nginx-access.log").read_text().splitlines() if needle in x]
        if lines:
            return lines[-1]
        time.sleep(0.1)
    raise AssertionError(f"no access-log line for {needle!r}")


def test_metrics_closed_through_nginx(cluster):
    for headers in ({}, {"X-Forwarded-For": "127.0.0.1"}, {"Authorization": "Bearer wrong"}):
        status, _, body = _get(cluster["url"] + "/api/metrics", headers)
        assert status == 404 and b"minzheng_" not in body
    # The workers themselves still serve it to this machine (Prometheus), and with the token.
    status, _, body = _get(cluster["workers"][0] + "/api/metrics")
    assert status == 200 and b"minzheng_http_requests_total" in body
    # nginx sets the one trusted hop itself: a client's own X-Forwarded-For is replaced.
    conf = (cluster["folder"] / "nginx" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf


def test_secrets_generated_once_and_private(cluster):
    folder = cluster["folder"]
    secrets = _secrets(folder)
    assert set(secrets) >= {"DATA_KEY", "CHAT_SECRET", "BACKUP_KEY", "RASA_TOKEN", "PG_PASSWORD", "REDIS_PASSWORD"}
    assert (folder / "secrets.env").stat().st_mode & 0o077 == 0
    # every service but nginx listens on loopback only; Redis and PostgreSQL want a password
    redis_conf = (folder / "redis" / "redis.conf").read_text()
    assert "bind 127.0.0.1" in redis_conf and f"requirepass {secrets['REDIS_PASSWORD']}" in redis_conf
    refused = subprocess.run(["redis-cli", "-p", cluster["env"]["CLUSTER_REDIS_PORT"], "ping"],
                             capture_output=True, text=True, timeout=10)
    assert "NOAUTH" in refused.stdout + refused.stderr
    # the running Redis writes nothing to disk: Reflex's pickled page state may hold personal data
    for key, off in (("save", ""), ("appendonly", "no")):
        got = subprocess.run(["redis-cli", "-p", cluster["env"]["CLUSTER_REDIS_PORT"], "--no-auth-warning",
                              "-a", secrets["REDIS_PASSWORD"], "config", "get", key],
                             capture_output=True, text=True, timeout=10).stdout.split("\n")
        assert got[:2] == [key, off], got
    assert not list((folder / "redis").glob("*.rdb")) and not list((folder / "redis").glob("*.aof"))


def test_rasa_endpoints_share_trackers_and_locks(cluster):
    """The generated endpoints file: trackers in the cluster's PostgreSQL (own database), locks in
    its Redis (db 1). Rasa's own stores are built from it in two processes, as two servers would:
    a conversation saved by one is read by the other, and a lock taken by one is seen by the other."""
    folder, env = cluster["folder"], cluster["env"]
    secrets = _secrets(folder)
    endpoints = folder / "bot" / "endpoints.yml"
    conf = yaml.safe_load(endpoints.read_text())
    assert conf["tracker_store"] == {"type": "SQL", "dialect": "postgresql", "url": "127.0.0.1",
                                     "port": int(env["CLUSTER_PG_PORT"]), "username": "minzheng",
                                     "password": secrets["PG_PASSWORD"], "db": "minzheng_bot"}
    assert conf["lock_store"] == {"type": "redis", "url": "127.0.0.1", "port": int(env["CLUSTER_REDIS_PORT"]),
                                  "password": secrets["REDIS_PASSWORD"], "db": 1, "key_prefix": "minzheng"}
    assert conf["action_endpoint"]["url"] == f"http://127.0.0.1:{env['CLUSTER_ACTIONS_PORT']}/webhook"
    assert endpoints.stat().st_mode & 0o077 == 0
    bot_python = ROOT / ".venv-bot" / "bin" / "python"
    assert bot_python.exists(), "the bot venv is made by .ci/setup.sh"
    sender = f"cluster-test-{uuid.uuid4().hex[:8]}"
    code = textwrap.dedent("""
        import asyncio, sys
        from rasa.core.lock_store import LockStore
        from rasa.core.tracker_store import TrackerStore
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.utils.endpoints import read_endpoint_config

        path, sender, role = sys.argv[1:4]
        store = TrackerStore.create(read_endpoint_config(path, "tracker_store"), domain=Domain.empty())
        locks = LockStore.create(read_endpoint_config(path, "lock_store"))
        assert type(store).__name__ == "SQLTrackerStore" and type(locks).__name__ == "RedisLockStore"

        async def main():
            if role == "write":
                tracker = DialogueStateTracker(sender, [])
                tracker.update(UserUttered("尊老金怎么领"))
                await store.save(tracker)
                locks.save_lock(locks.create_lock(sender))
                lock = locks.get_lock(sender)
                lock.issue_ticket(60)
                locks.save_lock(lock)
            else:
                tracker = await store.retrieve(sender)
                print("TEXT", tracker.latest_message.text)
                lock = locks.get_lock(sender)  # another server's turn waits for the first one's
                print("LOCKED", lock.is_locked(lock.issue_ticket(60)) if lock else None)
        asyncio.run(main())
    """)
    bot_env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
               "HOME": str(ROOT / ".data" / "bot" / "home"), "PYTHONWARNINGS": "ignore"}
    for role in ("write", "read"):
        out = subprocess.run([str(bot_python), "-c", code, str(endpoints), sender, role], cwd=ROOT / "bot",
                             env=bot_env, capture_output=True, text=True, timeout=180)
        assert out.returncode == 0, out.stderr[-3000:]
    assert "TEXT 尊老金怎么领" in out.stdout, out.stdout
    assert "LOCKED True" in out.stdout, out.stdout
