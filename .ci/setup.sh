#!/usr/bin/env bash
# Install everything the product and its tests need, idempotently (fast when nothing changed).
# Called by `make run` and `make test`; safe to run again at any time.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] 错误:\033[0m %s\n' "$*" >&2; exit 1; }
stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

# ---- 1. Debian packages (browser + CJK fonts for tests, speech, PostgreSQL for storage tests).
# SETUP_CLUSTER=1 (`make cluster`, `make test`) adds Redis and nginx for the cluster mode and
# its test; `make run` installs no server. Debian's own services are not started (the cluster
# runs its own instances under .data/cluster).
DEB_PKGS=(chromium fonts-noto-cjk espeak-ng libespeak-ng1 sox postgresql)
[ "${SETUP_CLUSTER:-0}" = 1 ] && DEB_PKGS+=(redis-server nginx)
missing=()
for p in "${DEB_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "WARNING: missing Debian packages: ${missing[*]} — install them as root: apt-get install ${missing[*]}"
  fi
fi

# ---- 2. App venv (Python 3.11)
find_python() {  # $1 = version like 3.11
  local v="$1" c
  if command -v pyenv >/dev/null && [ -x "$(pyenv root)/versions/$(pyenv versions --bare 2>/dev/null | grep -E "^$v(\.|$)" | tail -1)/bin/python" ]; then
    echo "$(pyenv root)/versions/$(pyenv versions --bare | grep -E "^$v(\.|$)" | tail -1)/bin/python"; return
  fi
  for c in "python$v" python3; do
    if command -v "$c" >/dev/null && "$c" -c "import sys; sys.exit(0 if sys.version.startswith('$v') else 1)"; then
      command -v "$c"; return
    fi
  done
}
PY311="$(find_python 3.11 || true)"
[ -n "$PY311" ] || die "需要 Python 3.11 (未找到)。请安装 python3.11，或用 pyenv install 3.11。"
[ -x .venv/bin/python ] || { say "creating .venv with $PY311"; "$PY311" -m venv .venv; }
APP_STAMP=".venv/.installed-$(stamp_of pyproject.toml)"
if [ ! -f "$APP_STAMP" ]; then
  say "installing the app's Python packages into .venv"
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e '.[test]'
  rm -f .venv/.installed-*; touch "$APP_STAMP"
fi

# ---- 3. Bot venv (Python 3.10, Rasa 3.6.21, pinned by bot/constraints.txt)
PY310="$(find_python 3.10 || true)"
if [ -z "$PY310" ]; then
  die "需要 Python 3.10 给 Rasa 使用 (未找到)。请安装 python3.10，或用 pyenv install 3.10.13。"
fi
[ -x .venv-bot/bin/python ] || { say "creating .venv-bot with $PY310"; "$PY310" -m venv .venv-bot; }
BOT_STAMP=".venv-bot/.installed-$(stamp_of bot/requirements.txt bot/constraints.txt)"
if [ ! -f "$BOT_STAMP" ]; then
  say "installing Rasa 3.6.21 into .venv-bot (first time ~2 min, ~2.7 GB)"
  .venv-bot/bin/pip install -q -r bot/requirements.txt -c bot/constraints.txt
  rm -f .venv-bot/.installed-*; touch "$BOT_STAMP"
fi

# ---- 4. npm tools: bun for Reflex's frontend build, axe-core for accessibility tests
TOOLS_STAMP=".tools/.installed-$(stamp_of .ci/tools-package.json)"
if [ ! -f "$TOOLS_STAMP" ] || ! "$REFLEX_BUN_PATH" --version >/dev/null 2>&1; then
  command -v npm >/dev/null || die "需要 Node.js 和 npm (apt-get install nodejs npm)。"
  say "installing npm tools (bun, axe-core) into .tools"
  mkdir -p .tools
  cp .ci/tools-package.json .tools/package.json
  (cd .tools && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  "$REFLEX_BUN_PATH" --version >/dev/null || die "bun 安装失败 (.tools/node_modules/bun)。"
  rm -f .tools/.installed-*; touch "$TOOLS_STAMP"
fi

# ---- 5. Knowledge base: validate, then load into the embedded database when it changed
minzheng kb check >/dev/null || { minzheng kb check; die "知识库校验未通过，见上。"; }
minzheng kb load
say "ready"
