"""One place for settings, read from the environment (and an optional ``.env`` file).

Why: every channel (web, CLI, bot adapter, voice) must agree on where the database and the
knowledge base are; scattering ``os.environ`` reads would let them drift apart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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

    #: development | production. Development shows one-time codes in a banner (no SMS here).
    env: str = "development"
    #: Key for personal data at rest (Fernet, urlsafe base64 of 32 bytes). When empty, a
    #: development key is generated into .data/dev-data-key on first use (never in production).
    data_key: str = ""
    #: One-time sign-in codes: lifetime and attempts.
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    session_days: int = 7
    #: Cookies are Secure in production (HTTPS); plain http on localhost in development.
    cookie_secure: bool = False

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
