#!/usr/bin/env bash
# `make run`: set up, then start the whole product on its embedded default (SQLite).
# Serves pages and the REST API on one port (PORT, default 3000). Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash .ci/setup.sh
PORT="${PORT:-3000}"
# Safe by default: only this machine can reach the product unless HOST says otherwise
# (LAN trial: HOST=0.0.0.0 ALLOWED_ORIGINS=http://192.168.1.5:3000 make run — see README).
HOST="${HOST:-127.0.0.1}"
export ENV="${ENV:-development}"
if [ "$HOST" != "127.0.0.1" ] && [ "$HOST" != "localhost" ] && [ "$HOST" != "::1" ] && [ -z "${ALLOWED_ORIGINS:-}" ]; then
  # Reachable from other machines: their browsers use this machine's address, which must be allowed.
  ALLOWED_ORIGINS="$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | sed "s|.*|http://&:$PORT|" | paste -sd, -)"
  export ALLOWED_ORIGINS
fi
# Refuse unsafe settings before building anything (unknown ENV, production without keys/origins).
.venv/bin/python -c "from app.core.config import require_safe; require_safe()" || exit 1
echo
if [ "$ENV" = "production" ]; then
  echo "  民政一键通 starting in PRODUCTION mode (SMS gateway required; Secure cookies; origins: ${ALLOWED_ORIGINS})"
else
  echo "  民政一键通 starting in DEVELOPMENT mode: no SMS — sign-in codes are shown on the sign-in page,"
  echo "  only to a browser on this machine. Listening on $HOST:$PORT${ALLOWED_ORIGINS:+ (also allowed: $ALLOWED_ORIGINS)}."
fi
echo "  (Reflex serves its optimised frontend build; the mode above is the product's ENV.)"
echo "  网页 (citizen PWA):   http://localhost:$PORT/"
echo "  搜索 API:             http://localhost:$PORT/api/search?q=尊老金"
echo "  健康检查:             http://localhost:$PORT/api/health"
echo "  命令行:               .venv/bin/minzheng search 尊老金怎么领"
echo "  语音自助机 (kiosk):   http://localhost:$PORT/kiosk"
minzheng voice check-model --brief || true   # says 语音识别暂不可用 and where to put a model when there is none
echo
# The assistant: Rasa servers + action server, trained (when its inputs changed: 4–6 min) and
# started in the background once the pages answer, at lower priority, so the first page never
# waits for the training. Until Rasa has loaded its model the chat answers from the answer engine and says
# so. Both stop with the app (Ctrl-C). Log: .data/bot/start.log.
export RASA_PORT="${RASA_PORT:-5005}"
export RASA_TOKEN="$(bash .ci/bot.sh token)"
export RASA_URL="$(bash .ci/bot.sh urls)"   # RASA_PROCESSES servers (default 2), one per core
case "$HOST" in 0.0.0.0|::|localhost|127.0.0.1) APP_LOCAL="http://127.0.0.1:$PORT" ;; *) APP_LOCAL="http://$HOST:$PORT" ;; esac
mkdir -p .data/bot
if [ "${BOT_DISABLED:-0}" = 1 ]; then   # drills and page-only trials: no assistant (chat answers from search)
  BOT_STARTER=""
else
setsid bash -c 'for _ in $(seq 1 600); do curl -fsS -o /dev/null "$1/" 2>/dev/null && break; sleep 1; done
                APP_API_URL="$1" nice -n 10 bash .ci/bot.sh start
                APP_API_URL="$1" exec nice -n 10 bash .ci/bot.sh watch' bot-starter "$APP_LOCAL" \
  > .data/bot/start.log 2>&1 &
BOT_STARTER=$!
fi
trap '[ -n "$BOT_STARTER" ] && kill -TERM -- "-$BOT_STARTER" 2>/dev/null; bash .ci/bot.sh stop' EXIT
echo "  智能助手 (chat):      http://localhost:$PORT/chat   ·   API: POST http://localhost:$PORT/api/chat"
echo "                        starts in the background after the pages (log: .data/bot/start.log);"
echo "                        until it is ready the chat answers from search."
echo
# Self-healing: a crashed app (a worker killed, out of memory) is started again within seconds; only
# Ctrl-C (or a TERM to this script) stops it. Restarts are logged, with the exit code, and counted.
STOPPING=0
APP_PID=""
stop_app() { STOPPING=1; [ -n "$APP_PID" ] && kill -TERM -- "-$APP_PID" 2>/dev/null || true; }
trap stop_app INT TERM
RESTARTS=0
while true; do
  setsid reflex run --env prod --single-port --backend-port "$PORT" --backend-host "$HOST" --loglevel warning &
  APP_PID=$!
  set +e; wait "$APP_PID"; RC=$?; set -e
  # the app's process group (its worker included) goes with it, so the port is free for the restart
  kill -TERM -- "-$APP_PID" 2>/dev/null || true
  [ "$STOPPING" = 1 ] && break
  RESTARTS=$((RESTARTS + 1))
  echo "[run] $(date '+%F %T') the app stopped (exit $RC): starting it again (restart $RESTARTS; Ctrl-C stops)" | tee -a .data/restarts.log
  for _ in $(seq 1 20); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null || break; sleep 0.5; done
  sleep 1
done
