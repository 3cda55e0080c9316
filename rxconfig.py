"""Reflex configuration. Nothing here calls out to the internet (telemetry off).

Security-relevant choices (see README "Threat model"):
- CORS only for the configured ALLOWED_ORIGINS (none by default: the pages are same-origin);
- state kept in memory, never pickled to ``.states/`` on disk (a draft is saved in the database,
  encrypted where sensitive, on every step — Reflex state only mirrors the page); in the cluster
  mode (``REDIS_URL`` set, ``make cluster``) it is kept in Redis instead, through Reflex's own
  ``redis_url`` setting, so a websocket may land on any worker (Redis listens on 127.0.0.1 with a
  password; README "Cluster mode");
- X-Forwarded-For trusted only through TRUSTED_PROXY_HOPS reverse proxies.

The build also fills the hotline into the static files that name it (``HotlineAssets``).
"""

from pathlib import Path

import reflex as rx
from reflex.constants import StateManagerMode
from reflex.plugins import Plugin

from app.core.config import ROOT, get_settings, with_hotline

_settings = get_settings()

#: Files of ``assets/`` that name the hotline (as ``app.core.config.HOTLINE_MARK``): the offline
#: page and the service worker, which the browser shows with no server to ask.
HOTLINE_ASSETS = ("offline.html", "sw.js")


class HotlineAssets(Plugin):
    """Writes each of :data:`HOTLINE_ASSETS` into the build with ``Settings.hotline`` in place of the
    mark. Reflex copies ``assets/`` into ``.web/public`` at every compile, then writes the plugins'
    static assets over the copies, so the served ``/offline.html`` and ``/sw.js`` always carry the
    configured number (``tests/core/test_hotline.py``)."""

    def get_static_assets(self, **context):
        return [(Path("public") / name, with_hotline((ROOT / "assets" / name).read_text(encoding="utf-8")))
                for name in HOTLINE_ASSETS]

config = rx.Config(
    app_name="app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=tuple(_settings.origin_list()),
    state_manager_mode=StateManagerMode.REDIS if _settings.redis_url else StateManagerMode.MEMORY,
    redis_url=_settings.redis_url or None,
    trusted_proxy_hops=_settings.trusted_proxy_hops,
    plugins=[HotlineAssets()],
)
