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
echo
exec reflex run --env prod --single-port --backend-port "$PORT" --backend-host 0.0.0.0 --loglevel warning
