"""Settings of the action server, read once from the environment (set by .ci/bot.sh)."""

from __future__ import annotations

import os

#: Where the app's REST API is (search, service guides, eligibility).
APP_API_URL = os.environ.get("APP_API_URL", "http://127.0.0.1:3000").rstrip("/")
#: Seconds to wait for the app before answering without it.
APP_API_TIMEOUT_S = float(os.environ.get("APP_API_TIMEOUT_S", "5"))
#: Seconds a service guide / the service list is kept before asking the app again.
CACHE_TTL_S = float(os.environ.get("BOT_CACHE_TTL_S", "300"))
#: The public hotline the assistant names (the app's ``HOTLINE`` setting; .ci/bot.sh passes it on). The
#: default mirrors ``Settings.hotline``'s (tests/core/test_hotline.py compares them).
HOTLINE = os.environ.get("HOTLINE", "12345").strip() or "12345"
