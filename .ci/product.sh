#!/usr/bin/env bash
# `make run`: set up, then start the whole product on its embedded default (SQLite).
# Serves pages and the REST API on one port (PORT, default 3000). Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash .ci/setup.sh
PORT="${PORT:-3000}"
echo
echo "  民政一键通 starting (production build, SQLite at .data/minzheng.db)"
echo "  网页 (citizen PWA):   http://localhost:$PORT/"
echo "  搜索 API:             http://localhost:$PORT/api/search?q=尊老金"
echo "  健康检查:             http://localhost:$PORT/api/health"
echo "  命令行:               .venv/bin/minzheng search 尊老金怎么领"
echo "  语音自助机 (kiosk):   http://localhost:$PORT/kiosk"
minzheng voice check-model --brief || true   # says 语音识别暂不可用 and where to put a model when there is none
echo
# The assistant: Rasa servers + action server, started before the app (trained first when its
# inputs changed). Rasa loads its model in the background (~1 min); until then the chat
# answers from search. Both stop with the app (Ctrl-C).
export RASA_PORT="${RASA_PORT:-5005}"
export RASA_TOKEN="$(bash .ci/bot.sh token)"
export RASA_URL="$(bash .ci/bot.sh urls)"   # RASA_PROCESSES servers (default 2), one per core
APP_API_URL="http://127.0.0.1:$PORT" bash .ci/bot.sh start
trap 'bash .ci/bot.sh stop' EXIT
echo "  智能助手 (chat):      http://localhost:$PORT/chat   ·   API: POST http://localhost:$PORT/api/chat"
echo
reflex run --env prod --single-port --backend-port "$PORT" --backend-host 0.0.0.0 --loglevel warning
