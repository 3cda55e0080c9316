"""Reflex configuration. Nothing here calls out to the internet (telemetry off).

Security-relevant choices (see README "Threat model"):
- CORS only for the configured ALLOWED_ORIGINS (none by default: the pages are same-origin);
- state kept in memory, never pickled to ``.states/`` on disk (a draft is saved in the database,
  encrypted where sensitive, on every step — Reflex state only mirrors the page); in the cluster
  mode (``REDIS_URL`` set, ``make cluster``) it is kept in Redis instead, through Reflex's own
  ``redis_url`` setting, so a websocket may land on any worker (Redis listens on 127.0.0.1 with a
  password; README "Cluster mode");
- X-Forwarded-For trusted only through TRUSTED_PROXY_HOPS reverse proxies.
"""

import reflex as rx
from reflex.constants import StateManagerMode

from app.core.config import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=tuple(_settings.origin_list()),
    state_manager_mode=StateManagerMode.REDIS if _settings.redis_url else StateManagerMode.MEMORY,
    redis_url=_settings.redis_url or None,
    trusted_proxy_hops=_settings.trusted_proxy_hops,
)
