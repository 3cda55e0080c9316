#!/usr/bin/env bash
# The cluster mode (`make cluster`): the product on real distributed parts, on this machine.
#
#   bash .ci/cluster.sh start    set up, build the frontend, start everything below (background),
#                                wait until nginx answers, print where things are
#   bash .ci/cluster.sh stop     stop everything (data stays in .data/cluster/)
#   bash .ci/cluster.sh status   what runs, where, and /api/health through nginx
#   bash .ci/cluster.sh build    only build the frontend for nginx's port
#   bash .ci/cluster.sh config   only write the configuration files (nginx, Redis, Rasa endpoints)
#   bash .ci/cluster.sh purge    stop, then delete the cluster's data, logs and secrets (tests)
#
# What runs (every port on 127.0.0.1 but nginx's):
#   PostgreSQL   CLUSTER_PG_PORT (55432)      the app's data (DATABASE_URL) + Rasa's trackers (own database)
#   Redis        CLUSTER_REDIS_PORT (56379)   db 0: Reflex's state manager (REDIS_URL); db 1: Rasa's lock store
#   app workers  CLUSTER_APP_PORT (58001) …   CLUSTER_WORKERS (2) Reflex backends, one process each
#   nginx        CLUSTER_HOST:CLUSTER_PORT (0.0.0.0:8080) in front: websocket upgrade for /_event,
#                /assets/* from the build with a year's immutable cache, /api/metrics closed
#   Rasa         CLUSTER_RASA_PORT (55005) …  CLUSTER_RASA (2) servers, trackers in PostgreSQL,
#                                             locks in Redis: any server takes any conversation
#   actions      CLUSTER_ACTIONS_PORT (55055) the action server
# A supervisor loop (started by `start`) restarts any of them that stops (log: logs/restarts.log);
# the assistant trains (when its inputs changed) and loads in the background after the pages.
#
# Data, logs, pids and generated secrets live in CLUSTER_DIR (.data/cluster). Secrets (DATA_KEY,
# CHAT_SECRET, BACKUP_KEY, RASA_TOKEN, METRICS_TOKEN, the PostgreSQL and Redis passwords) are
# generated into CLUSTER_DIR/secrets.env (0600) on first start and kept; keep a copy of DATA_KEY
# and BACKUP_KEY elsewhere (README "Backup and restore").
# Knobs for tests: CLUSTER_SETUP=0 (skip .ci/setup.sh), CLUSTER_BUILD=0 (reuse the build in .web),
# CLUSTER_BOT=0 (no assistant: the chat answers from search).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/.data/cluster}"
CLUSTER_HOST="${CLUSTER_HOST:-0.0.0.0}"
CLUSTER_PORT="${CLUSTER_PORT:-8080}"
CLUSTER_PG_PORT="${CLUSTER_PG_PORT:-55432}"
CLUSTER_REDIS_PORT="${CLUSTER_REDIS_PORT:-56379}"
CLUSTER_APP_PORT="${CLUSTER_APP_PORT:-58001}"
CLUSTER_WORKERS="${CLUSTER_WORKERS:-2}"
CLUSTER_RASA_PORT="${CLUSTER_RASA_PORT:-55005}"
CLUSTER_RASA="${CLUSTER_RASA:-2}"
CLUSTER_ACTIONS_PORT="${CLUSTER_ACTIONS_PORT:-55055}"
CLUSTER_BOT="${CLUSTER_BOT:-1}"
LOGS="$CLUSTER_DIR/logs"
PIDS="$CLUSTER_DIR/pids"
SECRETS="$CLUSTER_DIR/secrets.env"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
BUILD="$ROOT/.web/build/client"
IS_ROOT=0; [ "$(id -u)" = 0 ] && IS_ROOT=1

say() { printf '\033[1m[cluster]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[cluster] 错误:\033[0m %s\n' "$*" >&2; exit 1; }
alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }
rand() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# ---- secrets: generated once, kept (0600), read by every start
secrets() {
  mkdir -p "$CLUSTER_DIR" "$LOGS" "$PIDS"
  if [ ! -s "$SECRETS" ]; then
    (umask 077
     {
       echo "DATA_KEY=$("$ROOT/.venv/bin/python" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
       echo "BACKUP_KEY=$("$ROOT/.venv/bin/python" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
       echo "CHAT_SECRET=$(rand 32)"
       echo "RASA_TOKEN=$(rand 24)"
       echo "METRICS_TOKEN=$(rand 24)"
       echo "PG_PASSWORD=$(rand 24)"
       echo "REDIS_PASSWORD=$(rand 24)"
     } > "$SECRETS.new" && mv "$SECRETS.new" "$SECRETS")
    say "generated the cluster's secrets into ${SECRETS#$ROOT/} (keep DATA_KEY and BACKUP_KEY elsewhere too)"
  fi
  set -a; source "$SECRETS"; set +a
  DATABASE_URL="postgresql+psycopg://minzheng:$PG_PASSWORD@127.0.0.1:$CLUSTER_PG_PORT/minzheng"
  REDIS_URL="redis://:$REDIS_PASSWORD@127.0.0.1:$CLUSTER_REDIS_PORT/0"
  RASA_URL=""
  local i
  for ((i = 0; i < CLUSTER_RASA; i++)); do RASA_URL+="${RASA_URL:+,}http://127.0.0.1:$((CLUSTER_RASA_PORT + i))"; done
  export DATABASE_URL REDIS_URL RASA_URL
}

# Service users (postgres, www-data) must be able to enter the cluster folder; in a checkout
# inside a 0700 folder they cannot, so their files go to a folder of their own under /var/tmp
# (linked from CLUSTER_DIR), as .ci/test.sh does for its PostgreSQL.
outside_dir() {
  local d; d="/var/tmp/minzheng-cluster-$(printf '%s' "$CLUSTER_DIR" | sha256sum | cut -c1-12)"
  mkdir -p "$d"; chmod 755 "$d"; echo "$d"
}
service_dir() {  # $1 name, $2 service user: a folder that user owns and can reach
  local name="$1" user="$2" target="$CLUSTER_DIR/$1"
  if [ "$IS_ROOT" = 1 ] && ! runuser -u "$user" -- test -x "$CLUSTER_DIR" 2>/dev/null; then
    if [ ! -L "$target" ]; then
      local ext; ext="$(outside_dir)/$name"
      mkdir -p "$ext"; rm -rf "$target"; ln -s "$ext" "$target"
    fi
  fi
  mkdir -p "$target/"
  [ "$IS_ROOT" = 1 ] && chown "$user:$user" "$(readlink -f "$target")"
  readlink -f "$target"
}

# ---- PostgreSQL (as the postgres user when root: PostgreSQL refuses to run as root)
PGDIR=""
pg() { if [ "$IS_ROOT" = 1 ]; then (cd "$PGDIR" && runuser -u postgres -- "$PGBIN/$1" "${@:2}"); else (cd "$PGDIR" && "$PGBIN/$1" "${@:2}"); fi; }
start_postgres() {
  [ -x "$PGBIN/initdb" ] || die "未找到 PostgreSQL（apt-get install postgresql）"
  PGDIR="$(service_dir pg postgres)"
  if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
    say "creating the PostgreSQL cluster in ${CLUSTER_DIR#$ROOT/}/pg"
    local pw="$PGDIR/.pw"; (umask 077; printf '%s\n' "$PG_PASSWORD" > "$pw"); [ "$IS_ROOT" = 1 ] && chown postgres "$pw"
    pg initdb -D "$PGDIR/data" -U minzheng --pwfile="$pw" -A scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pw"
  fi
  if pg pg_ctl -D "$PGDIR/data" status >/dev/null 2>&1; then say "PostgreSQL already running"; else
    pg pg_ctl -D "$PGDIR/data" -l "$PGDIR/postgres.log" -w -t 60 start \
      -o "-p $CLUSTER_PG_PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
  fi
  head -1 "$PGDIR/data/postmaster.pid" > "$PIDS/postgres.pid"
  ln -sf "$PGDIR/postgres.log" "$LOGS/postgres.log"
  local db
  for db in minzheng minzheng_bot; do
    PGPASSWORD="$PG_PASSWORD" pg psql -h 127.0.0.1 -p "$CLUSTER_PG_PORT" -U minzheng -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
      || PGPASSWORD="$PG_PASSWORD" pg createdb -h 127.0.0.1 -p "$CLUSTER_PG_PORT" -U minzheng "$db"
  done
}
stop_postgres() {
  PGDIR="$(readlink -f "$CLUSTER_DIR/pg" 2>/dev/null || true)"
  [ -n "$PGDIR" ] && [ -f "$PGDIR/data/PG_VERSION" ] && pg pg_ctl -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 \
    && say "stopped PostgreSQL" || true
  rm -f "$PIDS/postgres.pid"
}

# ---- Redis (loopback, password; Reflex state expires by itself). Nothing is written to disk: the
# state mirrors pages that may show personal data, which must never lie in clear at rest; drafts and
# sign-ins live in the database, so a Redis restart costs an open tab a reconnect, not a draft.
redis_conf() {
  mkdir -p "$CLUSTER_DIR/redis"
  (umask 077; cat > "$CLUSTER_DIR/redis/redis.conf" <<EOF
bind 127.0.0.1
protected-mode yes
port $CLUSTER_REDIS_PORT
requirepass $REDIS_PASSWORD
dir $CLUSTER_DIR/redis
save ""
appendonly no
daemonize no
logfile ""
databases 4
maxmemory 512mb
maxmemory-policy volatile-lru
EOF
  )
}
start_redis() {
  if alive redis; then say "Redis already running"; return; fi
  redis_conf
  (exec setsid redis-server "$CLUSTER_DIR/redis/redis.conf" > "$LOGS/redis.log" 2>&1) &
  echo $! > "$PIDS/redis.pid"
  local _
  for _ in $(seq 1 50); do REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -p "$CLUSTER_REDIS_PORT" ping 2>/dev/null | grep -q PONG && return; sleep 0.2; done
  tail -20 "$LOGS/redis.log" >&2; die "Redis 未能启动"
}

# ---- nginx
nginx_conf() {
  local ng="$1" user_line="" assets i servers=""
  for ((i = 0; i < CLUSTER_WORKERS; i++)); do
    servers+="    server 127.0.0.1:$((CLUSTER_APP_PORT + i)) max_fails=1 fail_timeout=5s;"$'\n'
  done
  [ "$IS_ROOT" = 1 ] && user_line="user www-data;"
  # Vite's content-hashed files: straight from the build when nginx's workers can read it
  # (precompressed .gz beside them), else through the app; a year and immutable either way.
  if [ "$IS_ROOT" = 0 ] || runuser -u www-data -- test -r "$BUILD/index.html" 2>/dev/null; then
    assets="root $BUILD;
            gzip_static on;
            try_files \$uri =404;"
  else
    assets="proxy_pass http://minzheng_app;
            proxy_hide_header Cache-Control;"
  fi
  cat > "$CLUSTER_DIR/nginx/nginx.conf" <<EOF
# Generated by .ci/cluster.sh — edit the script, not this file.
$user_line
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    # No personal data in the access log: no client address, no query string (search text,
    # session tokens), only the path, the status, the times and which worker answered.
    log_format minzheng '\$time_iso8601 \$request_method \$uri \$status \$body_bytes_sent '
                        '\$request_time \$upstream_addr \$upstream_response_time';
    access_log $ng/access.log minzheng;
    client_body_temp_path $ng/tmp/body;
    proxy_temp_path $ng/tmp/proxy;
    fastcgi_temp_path $ng/tmp/fastcgi;
    uwsgi_temp_path $ng/tmp/uwsgi;
    scgi_temp_path $ng/tmp/scgi;
    client_max_body_size 20m;

    map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }

    upstream minzheng_app {
$servers        keepalive 32;
    }

    server {
        listen $CLUSTER_HOST:$CLUSTER_PORT;
        server_name _;

        proxy_http_version 1.1;
        proxy_set_header Host \$http_host;
        # One trusted hop (the app runs with TRUSTED_PROXY_HOPS=1): the client's address, set
        # here, never a header the client sent.
        proxy_set_header X-Forwarded-For \$remote_addr;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header Upgrade \$http_upgrade;
        proxy_set_header Connection \$connection_upgrade;
        proxy_next_upstream error timeout http_502 http_503;

        # Metrics are for Prometheus on this machine (or with METRICS_TOKEN), never the public.
        location = /api/metrics { return 404; }

        # Reflex's websocket (state events) and the kiosk's audio stream: long-lived upgrades.
        location /_event {
            proxy_pass http://minzheng_app;
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
            proxy_buffering off;
        }

        location /assets/ {
            $assets
            add_header Cache-Control "public, max-age=31536000, immutable" always;
        }

        location / {
            proxy_pass http://minzheng_app;
            proxy_read_timeout 3600s;
        }
    }
}
EOF
}
start_nginx() {
  local ng; ng="$(service_dir nginx www-data)"
  mkdir -p "$ng/tmp"; [ "$IS_ROOT" = 1 ] && chown -R www-data:www-data "$ng/tmp"
  nginx_conf "$ng"
  ln -sf "$ng/access.log" "$LOGS/nginx-access.log"; ln -sf "$ng/error.log" "$LOGS/nginx-error.log"
  nginx -t -q -p "$ng" -e "$ng/error.log" -c "$CLUSTER_DIR/nginx/nginx.conf" || die "nginx 配置有误"
  if alive nginx; then nginx -p "$ng" -e "$ng/error.log" -c "$CLUSTER_DIR/nginx/nginx.conf" -s reload; return; fi
  (exec setsid nginx -p "$ng" -e "$ng/error.log" -c "$CLUSTER_DIR/nginx/nginx.conf" -g 'daemon off;' \
     > "$LOGS/nginx.out" 2>&1) &
  echo $! > "$PIDS/nginx.pid"
}

# ---- app workers
worker_env() {
  export ENV="${ENV:-development}" TRUSTED_PROXY_HOPS=1 DATA_KEY BACKUP_KEY CHAT_SECRET RASA_TOKEN METRICS_TOKEN
  export APP_API_URL="http://127.0.0.1:$CLUSTER_PORT" RASA_ACTIONS_PORT="$CLUSTER_ACTIONS_PORT"
  if [ "$CLUSTER_HOST" != 127.0.0.1 ] && [ -z "${ALLOWED_ORIGINS:-}" ]; then
    # Phones on the LAN use this machine's address (as `HOST=0.0.0.0 make run`).
    ALLOWED_ORIGINS="$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | sed "s|.*|http://&:$CLUSTER_PORT|" | paste -sd, -)"
    export ALLOWED_ORIGINS
  fi
}
start_worker() {
  local i="$1" port=$((CLUSTER_APP_PORT + $1))
  if alive "app-$i"; then say "app worker $i already running"; return; fi
  (worker_env; exec setsid "$ROOT/.venv/bin/python" .ci/cluster_worker.py serve "$port" 127.0.0.1 \
     >> "$LOGS/app-$i.log" 2>&1) &
  echo $! > "$PIDS/app-$i.pid"
}
wait_http() {  # $1 url, $2 seconds
  local t0=$SECONDS
  while (( SECONDS - t0 < $2 )); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  return 1
}

# ---- the assistant: two Rasa servers sharing trackers (PostgreSQL) and locks (Redis)
bot_endpoints() {
  mkdir -p "$CLUSTER_DIR/bot"
  (umask 077; cat > "$CLUSTER_DIR/bot/endpoints.yml" <<EOF
# Generated by .ci/cluster.sh: every Rasa server of the cluster reads the same trackers and locks,
# so any server can take any turn of any conversation.
action_endpoint:
  url: http://127.0.0.1:$CLUSTER_ACTIONS_PORT/webhook
  enable_selective_domain: true
tracker_store:
  type: SQL
  dialect: postgresql
  url: 127.0.0.1
  port: $CLUSTER_PG_PORT
  username: minzheng
  password: "$PG_PASSWORD"
  db: minzheng_bot
lock_store:
  type: redis
  url: 127.0.0.1
  port: $CLUSTER_REDIS_PORT
  password: "$REDIS_PASSWORD"
  db: 1
  key_prefix: minzheng
EOF
  )
}
bot_env_for() {
  export BOT_RUN="$CLUSTER_DIR/bot" BOT_ENDPOINTS="$CLUSTER_DIR/bot/endpoints.yml"
  export RASA_PORT="$CLUSTER_RASA_PORT" RASA_PROCESSES="$CLUSTER_RASA" RASA_ACTIONS_PORT="$CLUSTER_ACTIONS_PORT"
  export APP_API_URL="http://127.0.0.1:$CLUSTER_PORT" RASA_TOKEN
}
start_bot() {
  bot_endpoints   # written even when the assistant is left out, so it can be checked
  [ "$CLUSTER_BOT" = 1 ] || { say "assistant left out (CLUSTER_BOT=0): the chat answers from search"; return; }
  if alive bot; then say "assistant starter already running"; return; fi
  (bot_env_for
   exec setsid bash -c 'nice -n 10 bash .ci/bot.sh start && exec nice -n 10 bash .ci/bot.sh watch' \
     >> "$LOGS/bot.log" 2>&1) &
  echo $! > "$PIDS/bot.pid"
}
stop_bot() {
  stop_pid bot
  (bot_env_for; bash .ci/bot.sh stop >/dev/null 2>&1) || true
}

# ---- supervision: restart whatever stopped (the assistant's own watcher covers Rasa)
supervise() {
  local i
  while true; do
    sleep "${CLUSTER_WATCH_SECONDS:-3}"
    [ -f "$PIDS/supervisor.pid" ] || exit 0
    for ((i = 0; i < CLUSTER_WORKERS; i++)); do
      if ! alive "app-$i"; then
        echo "$(date '+%F %T') app worker $i stopped: starting it again" >> "$LOGS/restarts.log"
        (start_worker "$i") || true
      fi
    done
    if ! alive redis; then echo "$(date '+%F %T') Redis stopped: starting it again" >> "$LOGS/restarts.log"; (start_redis) || true; fi
    if ! alive nginx; then echo "$(date '+%F %T') nginx stopped: starting it again" >> "$LOGS/restarts.log"; (start_nginx) || true; fi
    if ! pg pg_ctl -D "$PGDIR/data" status >/dev/null 2>&1; then
      echo "$(date '+%F %T') PostgreSQL stopped: starting it again" >> "$LOGS/restarts.log"; (start_postgres) || true
    fi
  done
}

stop_pid() {  # $1 name: TERM the process group, then KILL what is left
  local pid
  [ -f "$PIDS/$1.pid" ] || return 0
  pid="$(cat "$PIDS/$1.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    say "stopped $1"
  fi
  rm -f "$PIDS/$1.pid"
}

build() {
  say "building the frontend for port $CLUSTER_PORT (Reflex's lock on .web: one build at a time)"
  "$ROOT/.venv/bin/python" .ci/cluster_worker.py build "$CLUSTER_PORT" > "$LOGS/build.log" 2>&1 \
    || { tail -30 "$LOGS/build.log" >&2; die "前端构建失败（日志：${LOGS#$ROOT/}/build.log）"; }
}

start() {
  local t0=$SECONDS i
  [ "${CLUSTER_SETUP:-1}" = 0 ] || SETUP_CLUSTER=1 bash .ci/setup.sh
  command -v redis-server >/dev/null || die "未找到 redis-server（apt-get install redis-server，或 make setup）"
  command -v nginx >/dev/null || die "未找到 nginx（apt-get install nginx，或 make setup）"
  secrets
  [ "${CLUSTER_BUILD:-1}" = 0 ] || build
  [ -f "$BUILD/index.html" ] || die "没有前端构建（.web/build/client）"
  start_postgres
  start_redis
  # The knowledge base into PostgreSQL (when it changed); the workers migrate the schema
  # themselves under an advisory lock.
  minzheng kb load --database-url "$DATABASE_URL" > "$LOGS/kb-load.log" 2>&1 \
    || { tail -20 "$LOGS/kb-load.log" >&2; die "知识库载入 PostgreSQL 失败"; }
  for ((i = 0; i < CLUSTER_WORKERS; i++)); do start_worker "$i"; done
  for ((i = 0; i < CLUSTER_WORKERS; i++)); do
    wait_http "http://127.0.0.1:$((CLUSTER_APP_PORT + i))/api/health" 180 \
      || { tail -30 "$LOGS/app-$i.log" >&2; die "app worker $i 未能启动"; }
  done
  start_nginx
  wait_http "http://127.0.0.1:$CLUSTER_PORT/api/health" 30 || { tail -20 "$LOGS/nginx-error.log" >&2; die "nginx 未能启动"; }
  if ! alive supervisor; then
    (exec setsid bash "$ROOT/.ci/cluster.sh" supervise >> "$LOGS/supervisor.log" 2>&1) &
    echo $! > "$PIDS/supervisor.pid"
  fi
  start_bot
  say "ready in $((SECONDS - t0)) s"
  echo
  echo "  民政一键通 cluster mode (ENV=$ENV_SHOWN):"
  echo "  网页 (through nginx):  http://localhost:$CLUSTER_PORT/   (listening on $CLUSTER_HOST:$CLUSTER_PORT)"
  echo "  健康检查:              http://localhost:$CLUSTER_PORT/api/health"
  echo "  app workers:           $(for ((i = 0; i < CLUSTER_WORKERS; i++)); do printf '127.0.0.1:%s ' $((CLUSTER_APP_PORT + i)); done)"
  echo "  PostgreSQL:            127.0.0.1:$CLUSTER_PG_PORT (databases minzheng, minzheng_bot)"
  echo "  Redis:                 127.0.0.1:$CLUSTER_REDIS_PORT (db 0 Reflex state, db 1 Rasa locks)"
  [ "$CLUSTER_BOT" = 1 ] && echo "  智能助手:              Rasa $RASA_URL, actions 127.0.0.1:$CLUSTER_ACTIONS_PORT (training/loading in the background; log ${LOGS#$ROOT/}/bot.log)"
  echo "  logs: ${LOGS#$ROOT/}/   stop: make cluster-stop (or bash .ci/cluster.sh stop)"
}
ENV_SHOWN="${ENV:-development}"

stop() {
  local i
  stop_pid supervisor
  [ -f "$SECRETS" ] && { set -a; source "$SECRETS"; set +a; }
  stop_bot
  stop_pid nginx
  for i in $(ls "$PIDS" 2>/dev/null | sed -n 's/^app-\([0-9]*\)\.pid$/\1/p'); do stop_pid "app-$i"; done
  stop_pid redis
  stop_postgres
}

status() {
  local f
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"
    else echo "$(basename "$f" .pid): stopped"; fi
  done
  curl -fsS "http://127.0.0.1:$CLUSTER_PORT/api/health" 2>/dev/null && echo || echo "nginx: not answering on $CLUSTER_PORT"
}

main() {
  case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    build) secrets; build ;;
    config) secrets; mkdir -p "$CLUSTER_DIR/nginx"; nginx_conf "$CLUSTER_DIR/nginx"; redis_conf; bot_endpoints ;;
    purge) stop; [ -L "$CLUSTER_DIR/pg" ] || [ -L "$CLUSTER_DIR/nginx" ] && rm -rf "$(outside_dir)"; rm -rf "$CLUSTER_DIR" ;;
    supervise) secrets; PGDIR="$(readlink -f "$CLUSTER_DIR/pg")"; supervise ;;
    *) echo "usage: $0 start|stop|status|build|config|purge" >&2; exit 2 ;;
  esac
}
main "$@"; exit $?
