"""One place for settings, read from the environment (and an optional ``.env`` file).

Why: every channel (web, CLI, bot adapter, voice) must agree on where the database and the
knowledge base are; scattering ``os.environ`` reads would let them drift apart.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root (the folder holding ``rxconfig.py``).
ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ROOT / ".env", env_file_encoding="utf-8", extra="ignore")

    #: SQLAlchemy URL. Default: an embedded SQLite file, no server to install.
    #: PostgreSQL: ``postgresql+psycopg://user:pass@host:5432/dbname``.
    database_url: str = f"sqlite:///{ROOT / '.data' / 'minzheng.db'}"
    #: Folder of the knowledge-base YAML files (the one source of truth for service content).
    kb_dir: Path = ROOT / "app" / "knowledge" / "data"
    #: Public hotline shown to citizens on every page.
    hotline: str = "12345"
    #: Longest query we search in full; longer input is cut (and the user told so).
    max_query_chars: int = 300

    #: development | production (nothing else: an unknown value refuses to start, see ``check``).
    #: Development shows a sign-in code on the sign-in page, to loopback clients only.
    env: str = "development"
    #: Key for personal data at rest (Fernet, urlsafe base64 of 32 bytes). When empty, a
    #: development key is generated into .data/dev-data-key on first use (never in production).
    data_key: str = ""
    #: One-time sign-in codes: lifetime and attempts.
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    session_days: int = 7
    #: Cookies are Secure in production (HTTPS) whatever this says; plain http on localhost in
    #: development unless set. Read ``secure_cookies``, not this.
    cookie_secure: bool = False
    #: Where the product listens (``make run``): loopback unless HOST says otherwise.
    host: str = "127.0.0.1"
    #: Browser origins allowed besides the app's own loopback address, comma-separated
    #: (``https://mz.example.gov.cn,http://192.168.1.5:3000``). Used for CORS, the websocket's
    #: Origin check, the Host check (DNS rebinding) and state-changing POSTs.
    allowed_origins: str = ""
    #: Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none).
    trusted_proxy_hops: int = 0

    # --- assistant (Rasa runs in its own venv; only the app backend talks to it)
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_actions_port: int = 5055
    #: Where the action server reaches this app's REST API.
    app_api_url: str = "http://127.0.0.1:3000"
    #: Token of Rasa's HTTP API (`rasa run --enable-api -t`); .ci/bot.sh creates and exports it.
    rasa_token: str = ""
    #: Seconds to wait for Rasa before answering from search instead (degraded mode).
    rasa_timeout_s: float = 10.0
    #: Signs the chat session ids the API hands out (random per process when empty).
    chat_secret: str = ""

    # --- operations
    #: Redis (cluster mode: Reflex state, Rasa lock store), e.g. ``redis://127.0.0.1:6379/0``;
    #: empty in the embedded default. /api/health pings it when set.
    redis_url: str = ""
    #: Bearer token for /api/metrics from other hosts (Prometheus); empty: loopback only.
    metrics_token: str = ""

    # --- voice (Vosk speech recognition, pyttsx3 read-aloud)
    vosk_model_path: Path = ROOT / "voice" / "models" / "vosk-model-small-cn-0.22"
    tts_voice: str = "cmn-latn-pinyin"
    tts_rate: int = 130
    #: auto (KB grammar preferred, free recognition as fallback) | grammar | free
    asr_mode: str = "auto"
    #: Extra phrases for the recognition grammar, one per line (local place names …); optional.
    vosk_phrases_file: Path | None = None
    #: Kiosk privacy: seconds without touch or speech before the spoken warning, then until clearing.
    kiosk_idle_seconds: int = 60
    kiosk_warn_seconds: int = 15

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def secure_cookies(self) -> bool:
        """Production always sets Secure cookies (behind HTTPS); development only when asked."""
        return self.env == "production" or self.cookie_secure

    def origin_list(self) -> list[str]:
        """The configured origins, normalised to ``scheme://host[:port]`` (no path, no slash)."""
        out = []
        for raw in self.allowed_origins.split(","):
            parts = urlsplit(raw.strip())
            if parts.scheme in {"http", "https"} and parts.netloc:
                out.append(f"{parts.scheme}://{parts.netloc.lower()}")
        return out

    def check(self) -> list[str]:
        """What makes these settings unfit to start with (empty: fine). Why: a typo in ENV or a
        forgotten key must not silently run production on development settings."""
        problems = []
        if self.env not in ENVIRONMENTS:
            problems.append(f"ENV={self.env!r} is not one of {', '.join(ENVIRONMENTS)}")
            return problems
        if self.env == "production":
            if not self.data_key:
                problems.append("DATA_KEY is not set (the development data key is never used in production)")
            if not self.chat_secret:
                problems.append("CHAT_SECRET is not set")
            if not self.origin_list():
                problems.append("ALLOWED_ORIGINS is not set (the public https origin of the site)")
            elif any(o.startswith("http://") for o in self.origin_list()):
                problems.append("ALLOWED_ORIGINS must be https:// in production (cookies are Secure)")
        return problems


#: The only values ENV may take.
ENVIRONMENTS = ("development", "production")
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host_or_ip: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and the localhost names: a client on this very machine."""
    value = (host_or_ip or "").strip().strip("[]").lower()
    if value in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(value).is_loopback
    except ValueError:
        return False


class UnsafeSettings(RuntimeError):
    """Raised at start when the settings would run an unsafe product."""


def require_safe(settings: Settings | None = None) -> Settings:
    """Refuse to start with settings ``check`` finds unfit (called by the app and the API)."""
    settings = settings or get_settings()
    problems = settings.check()
    if problems:
        raise UnsafeSettings("民政一键通 refuses to start: " + "; ".join(problems))
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def hotline_number() -> str:
    """The public hotline every channel names to citizens: ``Settings.hotline``, the one source.

    Why a function: the wording modules (``app/ui/text.py``, ``app/chat/text.py``, …) build their
    sentences from it once, at import, as the constants the pages and the tests read; the settings
    are read once per process anyway (``get_settings`` is cached), so this changes nothing at run
    time, and a deployment that sets ``HOTLINE`` gets it on every page. The knowledge base's own
    facts (``data/*.yaml``) quote the number as their sources print it and are not rewritten.
    """
    return get_settings().hotline


#: Where a file that cannot read the settings when it runs names the hotline: Rasa's fixed
#: responses (``bot/domain.yml``) and the files the browser gets as they are (``assets/offline.html``,
#: ``assets/sw.js``, which the service worker shows with no server). Their built copies get the
#: number: ``minzheng bot generate`` writes the responses Rasa trains on, and the build
#: (``rxconfig.py``, ``HotlineAssets``) writes the assets Reflex serves.
HOTLINE_MARK = "%HOTLINE%"
_PHONE = re.compile(r"[0-9][0-9 +\-]{1,18}[0-9]")


def with_hotline(text: str, number: str | None = None) -> str:
    """``text`` with every :data:`HOTLINE_MARK` replaced by the hotline (``Settings.hotline`` unless
    ``number`` is given). The number goes into HTML, ``tel:`` links, JavaScript and YAML strings as
    it is, so it must look like a phone number (digits, spaces, ``+``, ``-``)."""
    number = hotline_number() if number is None else number
    if not _PHONE.fullmatch(number):
        raise ValueError(f"HOTLINE is not a phone number: {number!r}")
    return text.replace(HOTLINE_MARK, number)
