#!/usr/bin/env bash
# The assistant's processes: Rasa server + action server (Rasa 3.6.21 in .venv-bot).
#
#   bash .ci/bot.sh generate   training data from the knowledge base → bot/generated/
#   bash .ci/bot.sh train      generate, then `rasa train` only if the inputs changed (hash stamp)
#   bash .ci/bot.sh start      train if needed, start the action server and Rasa (background)
#   bash .ci/bot.sh wait       wait until Rasa has loaded its model (GET /status, ~60 s)
#   bash .ci/bot.sh stop       stop both
#   bash .ci/bot.sh status     where they listen and whether they answer
#   bash .ci/bot.sh validate   `rasa data validate`
#   bash .ci/bot.sh token      print the API token the app uses (created once)
#   bash .ci/bot.sh urls       the Rasa servers' URLs, comma-separated (the app's RASA_URL)
#   bash .ci/bot.sh cv         `rasa test nlu` cross-validation (FOLDS=3; slow, not in the tests)
#
# Settings (environment): RASA_PROCESSES (2 Rasa servers; the app shares conversations out among
# them), RASA_PORT (5005, then 5006 …), RASA_ACTIONS_PORT (5055), APP_API_URL (where the actions
# reach the app, default http://127.0.0.1:${PORT:-3000}), RASA_TOKEN (default: a random token kept
# in .data/bot/token), BOT_RUN (run folder: pids, logs, trackers; default .data/bot),
# BOT_TRACKER_DB / BOT_TRACKER_DIALECT (SQL tracker store; default one SQLite file per Rasa server
# in BOT_RUN; set them for a server database such as PostgreSQL),
# BOT_NLU_THREADS (2) / BOT_NLU_CACHE (4096 texts; 0 = off) for bot/addons/speedups.py,
# BOT_SPEEDUPS=0 (stock Rasa, for the baseline benchmark), BOT_ENDPOINTS (an endpoints file
# instead of bot/endpoints.yml: the cluster mode's shared tracker and lock stores).
# Rasa binds 127.0.0.1 only and its HTTP API needs the token; the action server binds
# 127.0.0.1 (SANIC_HOST). Every side file (Keras, jieba cache, Rasa config) stays in .data/bot.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

BOT="$ROOT/bot"
BOT_HOME="$ROOT/.data/bot"          # shared by every run: HOME/TMPDIR of the bot, model cache
MODELS="$BOT_HOME/models"
BOT_RUN="${BOT_RUN:-$BOT_HOME}"      # per run: pids, logs, tracker store
RASA_PORT="${RASA_PORT:-5005}"
RASA_ACTIONS_PORT="${RASA_ACTIONS_PORT:-5055}"
RASA_PROCESSES="${RASA_PROCESSES:-2}"
APP_API_URL="${APP_API_URL:-http://127.0.0.1:${PORT:-3000}}"
RASA="$ROOT/.venv-bot/bin/rasa"
KEEP_MODELS=3

mkdir -p "$BOT_HOME/home" "$BOT_HOME/tmp" "$MODELS" "$BOT_RUN/logs" "$BOT_RUN/pids"
# Rasa, Keras, matplotlib and jieba write into HOME / TMPDIR: keep them in the project.
bot_env() {
  export HOME="$BOT_HOME/home" TMPDIR="$BOT_HOME/tmp" MPLCONFIGDIR="$BOT_HOME/home/mpl"
  export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONWARNINGS=ignore
  export SANIC_HOST=127.0.0.1 RASA_CACHE_DIRECTORY="$BOT_HOME/cache"
}
say() { printf '\033[1m[bot]\033[0m %s\n' "$*"; }

token() {
  if [ -n "${RASA_TOKEN:-}" ]; then echo "$RASA_TOKEN"; return; fi
  local f="$BOT_HOME/token"
  if [ ! -s "$f" ]; then (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$f"); fi
  cat "$f"
}

generate() { "$ROOT/.venv/bin/minzheng" bot generate "$BOT/generated" >/dev/null; }

# Hash of everything a model is trained from (the generated files derive from the KB).
stamp() {
  (cd "$BOT" && find config.yml domain.yml data generated/data generated/domain generated/jieba -type f \
     | LC_ALL=C sort | xargs sha256sum; "$ROOT/.venv-bot/bin/pip" show rasa 2>/dev/null | grep -i ^version) \
    | sha256sum | cut -c1-16
}

model_path() { echo "$MODELS/$(stamp).tar.gz"; }

train() {
  generate
  # One training at a time, even when two runs start together. The lock lives in a subshell so
  # that the servers started afterwards do not inherit (and hold) it.
  (
    flock 9
    model="$(model_path)"
    if [ -f "$model" ]; then say "model up to date: ${model#$ROOT/}"; exit 0; fi
    say "training the assistant (inputs changed) → ${model#$ROOT/}"
    t0=$SECONDS
    (bot_env; cd "$BOT" && "$RASA" train --config config.yml --domain generated/domain \
        --data data generated/data --out "$MODELS" --fixed-model-name "$(basename "$model" .tar.gz)" \
        > "$BOT_HOME/train.log" 2>&1) || { tail -40 "$BOT_HOME/train.log"; say "training failed (log: .data/bot/train.log)"; exit 1; }
    say "trained in $((SECONDS - t0)) s"
    # keep the newest few models only
    ls -1t "$MODELS"/*.tar.gz 2>/dev/null | tail -n +$((KEEP_MODELS + 1)) | xargs -r rm -f
  ) 9>"$MODELS/.train.lock" || exit 1
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  train
  local model; model="$(model_path)"
  local tok; tok="$(token)"
  if alive "$BOT_RUN/pids/actions.pid"; then say "action server already running"; else
    (bot_env; export APP_API_URL; cd "$BOT" && exec setsid "$ROOT/.venv-bot/bin/python" -m rasa_sdk \
        --actions actions --port "$RASA_ACTIONS_PORT" > "$BOT_RUN/logs/actions.log" 2>&1) &
    echo $! > "$BOT_RUN/pids/actions.pid"
  fi
  # BOT_SPEEDUPS=0 runs stock Rasa (no bot/addons/speedups.py, the whole domain sent with every
  # action call): the baseline of bench/chat_speed.py.
  # BOT_ENDPOINTS: another endpoints file (the cluster's, .ci/cluster.sh: trackers in PostgreSQL,
  # locks in Redis, shared by every server).
  local launcher=("$ROOT/.venv-bot/bin/python" serve.py) endpoints="${BOT_ENDPOINTS:-endpoints.yml}"
  if [ "${BOT_SPEEDUPS:-1}" = 0 ]; then
    launcher=("$RASA"); endpoints="$BOT_RUN/endpoints.stock.yml"
    grep -v "enable_selective_domain" "$(cd "$BOT" && readlink -f "${BOT_ENDPOINTS:-endpoints.yml}")" > "$endpoints"
  fi
  # RASA_PROCESSES Rasa servers on RASA_PORT, RASA_PORT+1, …; the app shares conversations out
  # among them by session (sticky), so each keeps its own in-memory lock and, with SQLite, its
  # own tracker file. One Sanic worker runs one turn's dialogue at a time: two use both cores.
  local i port
  for ((i = 0; i < RASA_PROCESSES; i++)); do
    port=$((RASA_PORT + i))
    if alive "$BOT_RUN/pids/rasa-$i.pid"; then say "Rasa $i already running"; continue; fi
    (bot_env
     export BOT_ACTION_ENDPOINT="http://127.0.0.1:$RASA_ACTIONS_PORT/webhook"
     export BOT_TRACKER_DIALECT="${BOT_TRACKER_DIALECT:-sqlite}"
     export BOT_TRACKER_DB="${BOT_TRACKER_DB:-$BOT_RUN/trackers-$i.db}"
     cd "$BOT" && exec setsid "${launcher[@]}" run --model "$model" --endpoints "$endpoints" \
        --credentials credentials.yml -i 127.0.0.1 -p "$port" --enable-api -t "$tok" \
        > "$BOT_RUN/logs/rasa-$i.log" 2>&1) &
    echo $! > "$BOT_RUN/pids/rasa-$i.pid"
  done
  say "Rasa server:    $(urls) (loading ~60 s; API needs the token)"
  say "action server:  http://127.0.0.1:$RASA_ACTIONS_PORT/webhook (asks the app at $APP_API_URL)"
  say "logs:           ${BOT_RUN#$ROOT/}/logs/"
}

# The Rasa servers' URLs, comma-separated (what the app's RASA_URL is set to).
urls() {
  local i out=""
  for ((i = 0; i < RASA_PROCESSES; i++)); do out+="${out:+,}http://127.0.0.1:$((RASA_PORT + i))"; done
  echo "$out"
}

wait_ready() {
  local timeout="${1:-300}" t0=$SECONDS i port
  for ((i = 0; i < RASA_PROCESSES; i++)); do
    port=$((RASA_PORT + i))
    while true; do
      if ! alive "$BOT_RUN/pids/rasa-$i.pid"; then
        tail -30 "$BOT_RUN/logs/rasa-$i.log" >&2; say "Rasa $i exited"; return 1
      fi
      if curl -fsS "http://127.0.0.1:$port/status?token=$(token)" 2>/dev/null | grep -q '"model_id"'; then
        # one parse warms TensorFlow up, so the first citizen does not wait for it
        curl -fsS -X POST "http://127.0.0.1:$port/model/parse?token=$(token)" \
          -H 'Content-Type: application/json' -d '{"text":"尊老金怎么领"}' >/dev/null 2>&1 || true
        break
      fi
      if (( SECONDS - t0 >= timeout )); then say "Rasa $i not ready after ${timeout} s"; return 1; fi
      sleep 2
    done
  done
  say "Rasa ready after $((SECONDS - t0)) s"
}

stop() {
  local f name pid
  for f in "$BOT_RUN"/pids/rasa-*.pid "$BOT_RUN/pids/rasa.pid" "$BOT_RUN/pids/actions.pid"; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    if alive "$f"; then
      pid="$(cat "$f")"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      say "stopped $name"
    fi
    rm -f "$f"
  done
}

# Self-healing for `make run`: every few seconds, a Rasa server or the action server that is no
# longer running is started again (start only starts what is missing); each restart is logged.
watch() {
  local f name
  while true; do
    sleep "${BOT_WATCH_SECONDS:-5}"
    for f in "$BOT_RUN"/pids/rasa-*.pid "$BOT_RUN/pids/actions.pid"; do
      [ -e "$f" ] || continue
      if ! alive "$f"; then
        name="$(basename "$f" .pid)"
        say "$(date '+%F %T') $name stopped: starting it again"
        start || say "restart of $name failed (see ${BOT_RUN#$ROOT/}/logs/)"
        break
      fi
    done
  done
}

status() {
  local f i
  for f in "$BOT_RUN"/pids/rasa-*.pid "$BOT_RUN/pids/actions.pid"; do
    [ -e "$f" ] || continue
    if alive "$f"; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): stopped"; fi
  done
  for ((i = 0; i < RASA_PROCESSES; i++)); do
    curl -fsS "http://127.0.0.1:$((RASA_PORT + i))/status?token=$(token)" 2>/dev/null && echo \
      || echo "Rasa $i: not answering on $((RASA_PORT + i))"
  done
}

validate() {
  generate
  (bot_env; cd "$BOT" && "$RASA" data validate --config config.yml --domain generated/domain \
      --data data generated/data)
}

# NLU cross-validation (slow: trains FOLDS times; not part of the default test run).
cross_validate() {
  generate
  local out="$BOT_HOME/cv" nlu="$BOT_HOME/cv-nlu" t0=$SECONDS
  rm -rf "$out" "$nlu"; mkdir -p "$nlu"   # `--nlu` takes one folder: the NLU files of both halves
  cp "$BOT/data/nlu.yml" "$nlu/nlu.yml"; cp "$BOT/generated/data/nlu_kb.yml" "$nlu/nlu_kb.yml"
  (bot_env; cd "$BOT" && nice -n 5 "$RASA" test nlu --nlu "$nlu" --domain generated/domain \
      --config config.yml --cross-validation --folds "${FOLDS:-3}" --out "$out" > "$BOT_HOME/cv.log" 2>&1) \
    || { tail -30 "$BOT_HOME/cv.log"; say "cross-validation failed (log: .data/bot/cv.log)"; exit 1; }
  say "cross-validation (${FOLDS:-3} folds) took $((SECONDS - t0)) s; reports in ${out#$ROOT/}/"
}

# Everything is in functions and the last line runs main and exits: bash has read the whole
# script before it runs anything, so editing this file never breaks a run in progress.
main() {
  case "${1:-}" in
    generate) generate; say "generated bot/generated/ (stamp $(stamp))" ;;
    train) train ;;
    start) start ;;
    watch) watch ;;
    wait) wait_ready "${2:-300}" ;;
    stop) stop ;;
    status) status ;;
    validate) validate ;;
    token) token ;;
    urls) urls ;;
    stamp) generate; stamp ;;
    cv) cross_validate ;;
    *) echo "usage: $0 generate|train|start|watch|wait|stop|status|validate|token|urls|stamp|cv" >&2; exit 2 ;;
  esac
}
main "$@"; exit $?
