#!/usr/bin/env bash
# `make test`: set up, start a throw-away local PostgreSQL (for the storage tests against both
# databases), and run the whole suite: unit, API, CLI, end-to-end in real Chromium.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
SETUP_CLUSTER=1 bash .ci/setup.sh   # with Redis and nginx, for tests/e2e/test_cluster.py

PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
# The data folder and socket live under /tmp, not in the checkout: as root, PostgreSQL runs as the
# postgres user, who cannot enter a clone inside a 0700 folder (root's home on Debian). Every
# PostgreSQL command also runs from inside that folder, as postgres cannot enter the caller's.
PGDIR=""
RUNAS=()
[ "$(id -u)" = 0 ] && RUNAS=(runuser -u postgres --)  # PostgreSQL refuses to run as root
pg() { (cd "$PGDIR" && "${RUNAS[@]}" "$PGBIN/$1" "${@:2}"); }
cleanup() {
  [ -n "${PG_STARTED:-}" ] && pg pg_ctl -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
  [ -n "$PGDIR" ] && rm -rf "$PGDIR"
}
trap cleanup EXIT
if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
  PGDIR="$(mktemp -d "${TMPDIR:-/tmp}/minzheng-pg-test-XXXXXX")"
  chmod 755 "$PGDIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
  PGPORT_TEST="$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  pg initdb -D "$PGDIR/data" -A trust -U minzheng --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  pg pg_ctl -D "$PGDIR/data" -o "-p $PGPORT_TEST -k $PGDIR -c listen_addresses=127.0.0.1" -l "$PGDIR/log" -w start >/dev/null
  PG_STARTED=1
  pg createdb -h 127.0.0.1 -p "$PGPORT_TEST" -U minzheng minzheng_test
  export TEST_POSTGRES_URL="postgresql+psycopg://minzheng@127.0.0.1:$PGPORT_TEST/minzheng_test"
  echo "[test] PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') started for the storage tests (${PGDIR})"
else
  echo "[test] WARNING: PostgreSQL not found; the PostgreSQL storage tests will fail in CI"
fi

# ---- The assistant for the bot and chat tests (Rasa + action server + the app API the actions
# read). Ports are reserved here and exported, so the end-to-end app knows RASA_URL; the
# servers themselves are started once, by the first test that needs them
# (tests/bot/servers.py: trains if the inputs changed, waits for /status), and stopped here.
free_port() { python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export BOT_RUN; BOT_RUN="$(mktemp -d "$ROOT/.data/bot-test-XXXXXX")"
export RASA_PORT; RASA_PORT="$(free_port)"
export RASA_ACTIONS_PORT; RASA_ACTIONS_PORT="$(free_port)"
export BOT_API_PORT; BOT_API_PORT="$(free_port)"
export RASA_TOKEN; RASA_TOKEN="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export RASA_PROCESSES=1   # one Rasa server is enough for the tests (and ~1.6 GB less)
export RASA_URL="http://127.0.0.1:$RASA_PORT" BOT_RESERVED_BY=test.sh
bot_cleanup() {
  bash .ci/bot.sh stop >/dev/null 2>&1 || true
  [ -f "$BOT_RUN/api.pid" ] && kill -TERM -- "-$(cat "$BOT_RUN/api.pid")" 2>/dev/null || true
  rm -rf "$BOT_RUN"
}
trap 'cleanup; bot_cleanup' EXIT

python -m pytest "$@"
