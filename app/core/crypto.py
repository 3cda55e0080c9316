"""Encryption of personal data at rest, and keyed hashes for look-up.

ID numbers and phone numbers are stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256), so a
copied database file does not leak them; a keyed hash (HMAC-SHA256 with a key derived from
the same secret) lets us find a person by ID number without decrypting every row.

The key comes from the environment (``DATA_KEY``). Without one, development generates a key
into ``.data/dev-data-key`` (ignored by git) on first use; production refuses to start.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from app.core.config import ROOT, get_settings
from app.core.identifiers import compact_number

DEV_KEY_FILE = ROOT / ".data" / "dev-data-key"


class KeyMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _key() -> bytes:
    s = get_settings()
    if s.data_key:
        return s.data_key.encode()
    if s.env != "development":  # production, or an ENV typo: never fall back to the development key
        raise KeyMissing("DATA_KEY must be set outside development (a Fernet key).")
    DEV_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    if not DEV_KEY_FILE.exists():
        fd = os.open(DEV_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
    return DEV_KEY_FILE.read_bytes().strip()


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    return Fernet(_key())


@lru_cache(maxsize=1)
def _hash_key() -> bytes:
    raw = base64.urlsafe_b64decode(_key())
    return hashlib.sha256(b"minzheng-lookup-hash|" + raw).digest()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or tampered data
        raise ValueError("无法解密：密钥不匹配或数据已损坏") from exc


def lookup_hash(value: str) -> str:
    """Stable keyed hash of a normalised value (NFKC, no separators, upper case), so '３２０１ 02…'
    and '320102…' are one person and one rate-limit key."""
    norm = compact_number(value).upper()
    return hmac.new(_hash_key(), norm.encode(), hashlib.sha256).hexdigest()


def secret_hash(value: str) -> str:
    """Hash for secrets we only compare (session tokens, one-time codes)."""
    return hmac.new(_hash_key(), b"secret|" + value.encode(), hashlib.sha256).hexdigest()


def reset_key_cache() -> None:
    """For tests that switch keys."""
    _key.cache_clear()
    _fernet.cache_clear()
    _hash_key.cache_clear()
