# Environment shared by setup, run and test: keeps every tool's files inside the project and
# keeps Reflex, Rasa and npm from calling out to the internet. Sourced, not executed.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
export REFLEX_CHECK_LATEST_VERSION=0
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_DIR="$ROOT/.tools/reflex"
export REFLEX_BUN_PATH="$ROOT/.tools/node_modules/bun/bin/bun.exe"
export BUN_INSTALL_CACHE_DIR="$ROOT/.tools/bun-cache"
export NPM_CONFIG_REGISTRY="${NPM_CONFIG_REGISTRY:-$(npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)}"
export RASA_TELEMETRY_ENABLED=false
export PYTHONUNBUFFERED=1
