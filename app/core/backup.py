"""Encrypted backups of the product's database and their restore, with a drill that proves it.

Why (seed 三(五)2, "定期进行应急演练和恢复检测"): a backup only counts when it restores, so every
restore is checked against the counts recorded when the backup was taken.

How a backup is taken:
- SQLite: the sqlite3 *online backup API* into a private temporary file. It copies the database
  page by page inside one read transaction, so the copy is consistent even while the app writes
  (a file copy under WAL can miss the ``-wal`` file or tear a page).
- PostgreSQL: ``pg_dump --format=custom`` (Debian's postgresql-client; ``PG_BIN`` or the newest
  ``/usr/lib/postgresql/*/bin`` is used). It is PostgreSQL's own consistent dump (indexes,
  sequences, constraints restored exactly, any size), where a dump written through SQLAlchemy
  would have to re-create all that by hand. The row counts of the manifest are read in the same
  snapshot (``pg_export_snapshot`` + ``pg_dump --snapshot``), so they describe exactly the dump.

The file: ``MZBACKUP\\x01``, a clear but authenticated header (JSON: method, dialect, schema
revision, row counts per table, the audit trail's count / first / last id, key ids — no personal
data), then the dump in 1 MiB chunks, each sealed with AES-256-GCM. The chunk's number and a
"last chunk" flag are in its nonce and the header's hash in its associated data, so an edited,
reordered, cut-off or extended file fails authentication and nothing is restored.

Keys (README "Backup and restore"):
- the **backup key** (32 random bytes, base64url): ``BACKUP_KEY`` in the environment, or
  ``--key-file``; in development without either, ``.data/dev-backup-key`` is generated on first use
  (production refuses). Keep it apart from the backups: without it no backup can be read, and with
  the backups it reads them all. ``minzheng backup --generate-key`` prints a new one.
- the **data key** (``DATA_KEY``, see ``app.core.crypto``): ID and phone numbers inside the
  database are already encrypted with it, so a restored database is only usable with the same
  ``DATA_KEY``. Each backup records the id of the data key it was made under and a restore warns
  when the running key differs. Losing either key loses the data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url

from app.core.config import ROOT, get_settings

MAGIC = b"MZBACKUP\x01"
CHUNK = 1 << 20
FORMAT_VERSION = 1
#: The audit trail (app/audit): its count and first/last ids are checked after every restore.
AUDIT_TABLE = "audit_event"
DEV_BACKUP_KEY_FILE = ROOT / ".data" / "dev-backup-key"


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


# ---------------------------------------------------------------- keys


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def load_backup_key(key_file: str | Path | None = None) -> bytes:
    """The 32-byte backup key: ``key_file``, else ``BACKUP_KEY``, else (development only) the
    generated ``.data/dev-backup-key``."""
    if key_file is not None:
        raw = Path(key_file).read_text(encoding="utf-8").strip()
    elif os.environ.get("BACKUP_KEY"):
        raw = os.environ["BACKUP_KEY"].strip()
    elif get_settings().env == "development":
        if not DEV_BACKUP_KEY_FILE.exists():
            DEV_BACKUP_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(DEV_BACKUP_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(generate_key())
        raw = DEV_BACKUP_KEY_FILE.read_text(encoding="utf-8").strip()
    else:
        raise BackupError("未设置备份密钥：请设置环境变量 BACKUP_KEY 或用 --key-file 指定（minzheng backup --generate-key 可生成）。")
    try:
        key = base64.urlsafe_b64decode(raw.encode())
    except (ValueError, TypeError) as exc:
        raise BackupError("备份密钥格式不对：应为 32 字节的 base64url 字符串。") from exc
    if len(key) != 32:
        raise BackupError("备份密钥格式不对：应为 32 字节的 base64url 字符串。")
    return key


def key_id(key: bytes) -> str:
    """A short public name of a key (HMAC of a fixed label): tells "wrong key" from "damaged"."""
    return hmac.new(key, b"minzheng-backup-key-id", hashlib.sha256).hexdigest()[:16]


def data_key_id() -> str:
    """The id of the running data key (a keyed hash under it; reveals nothing of the key)."""
    from app.core.crypto import secret_hash

    return secret_hash("minzheng-data-key-id")[:16]


# ---------------------------------------------------------------- what a database holds


def database_summary(conn: Connection) -> dict:
    """Row counts of every table, and the audit trail's count, first and last id (and the last
    row's chain hash when the table has one): what a restore must reproduce exactly."""
    tables = sorted(inspect(conn).get_table_names())
    counts = {t: int(conn.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar()) for t in tables}
    audit = None
    if AUDIT_TABLE in tables:
        first, last = conn.execute(text(f'SELECT MIN(id), MAX(id) FROM "{AUDIT_TABLE}"')).one()
        audit = {"count": counts[AUDIT_TABLE], "first_id": first, "last_id": last}
        cols = {c["name"] for c in inspect(conn).get_columns(AUDIT_TABLE)}
        if "row_hash" in cols and last is not None:
            audit["last_row_hash"] = conn.execute(
                text(f'SELECT row_hash FROM "{AUDIT_TABLE}" WHERE id = :i'), {"i": last}).scalar()
    revision = None
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return {"tables": counts, "audit": audit, "revision": revision}


def compare_summaries(expected: dict, actual: dict, after: str = "恢复后") -> list[str]:
    """The differences, in words (empty: the restored database is the backed-up one)."""
    problems = []
    for table in sorted(set(expected["tables"]) | set(actual["tables"])):
        a, b = expected["tables"].get(table), actual["tables"].get(table)
        if a != b:
            problems.append(f"表 {table}：备份时 {a if a is not None else '无此表'} 行，{after} "
                            f"{b if b is not None else '无此表'} 行")
    if expected.get("audit") != actual.get("audit"):
        problems.append(f"审计记录：备份时 {expected.get('audit')}，{after} {actual.get('audit')}")
    return problems


# ---------------------------------------------------------------- the encrypted file


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if final else b"\x00")


def _write_encrypted(plain: Path, out: Path, header: dict, key: bytes) -> None:
    prefix = os.urandom(7)
    header = {**header, "nonce_prefix": prefix.hex(), "chunk_size": CHUNK}
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode()
    aad = hashlib.sha256(MAGIC + head).digest()
    aes = AESGCM(key)
    tmp = out.with_name(out.name + ".part")
    with plain.open("rb") as src, tmp.open("wb") as dst:
        dst.write(MAGIC + struct.pack(">I", len(head)) + head)
        index, chunk = 0, src.read(CHUNK)
        while True:
            nxt = src.read(CHUNK)
            final = not nxt
            sealed = aes.encrypt(_nonce(prefix, index, final), chunk, aad)
            dst.write(struct.pack(">BI", int(final), len(sealed)) + sealed)
            if final:
                break
            index, chunk = index + 1, nxt
        dst.flush()
        os.fsync(dst.fileno())
    tmp.replace(out)  # a backup cut off by a crash never has the final name


def read_header(path: str | Path) -> dict:
    """The clear header of a backup (not yet authenticated: :func:`decrypt_to` checks it)."""
    try:
        with Path(path).open("rb") as fh:
            head, _ = _read_head(fh)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到备份文件 {path}。") from exc
    return json.loads(head)


def _read_head(fh) -> tuple[bytes, dict]:
    if fh.read(len(MAGIC)) != MAGIC:
        raise BackupError("这不是民政一键通的备份文件（或文件头已损坏），未做任何恢复。")
    raw_len = fh.read(4)
    if len(raw_len) != 4:
        raise BackupError("备份文件不完整（被截断），未做任何恢复。")
    (n,) = struct.unpack(">I", raw_len)
    head = fh.read(n)
    if len(head) != n or n > 1 << 20:
        raise BackupError("备份文件不完整（被截断），未做任何恢复。")
    try:
        return head, json.loads(head)
    except ValueError as exc:
        raise BackupError("备份文件已损坏或被篡改（文件头无法读取），未做任何恢复。") from exc


def decrypt_to(path: str | Path, out: Path, key: bytes) -> dict:
    """Authenticate and decrypt a backup into ``out``; returns its header. Raises
    :class:`BackupError` (and leaves ``out`` removed) on a wrong key, a tampered or a cut-off file."""
    tampered = "备份文件已损坏或被篡改（校验未通过），未做任何恢复。"
    try:
        with Path(path).open("rb") as fh, out.open("wb") as dst:
            head, header = _read_head(fh)
            if header.get("backup_key_id") != key_id(key):
                raise BackupError(f"备份密钥不对：这个备份用密钥 {header.get('backup_key_id')} 加密，"
                                  f"当前密钥是 {key_id(key)}。未做任何恢复。")
            aad = hashlib.sha256(MAGIC + head).digest()
            prefix, aes, index = bytes.fromhex(header["nonce_prefix"]), AESGCM(key), 0
            while True:
                frame = fh.read(5)
                if len(frame) < 5:
                    raise BackupError("备份文件不完整（被截断），未做任何恢复。")
                final, n = struct.unpack(">BI", frame)
                sealed = fh.read(n)
                if len(sealed) != n or n > CHUNK + 16:
                    raise BackupError("备份文件不完整（被截断），未做任何恢复。")
                try:
                    dst.write(aes.decrypt(_nonce(prefix, index, bool(final)), sealed, aad))
                except InvalidTag as exc:
                    raise BackupError(tampered) from exc
                if final:
                    break
                index += 1
            if fh.read(1):
                raise BackupError(tampered)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到备份文件 {path}。") from exc
    except (BackupError, KeyError, ValueError) as exc:
        out.unlink(missing_ok=True)
        if isinstance(exc, BackupError):
            raise
        raise BackupError(tampered) from exc
    return header


# ---------------------------------------------------------------- PostgreSQL tools


def _pg_tool(name: str) -> str:
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                      if p.parent.name.isdigit() else 0)
    for folder in reversed(versions):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"需要 PostgreSQL 的 {name}（Debian：apt-get install postgresql-client）。")
    return found


def _pg_env(url: str) -> dict[str, str]:
    """libpq's environment for ``url``: the password travels in PGPASSWORD, never in argv."""
    u = make_url(url)
    env = dict(os.environ)
    for var, value in (("PGHOST", u.host), ("PGPORT", u.port), ("PGUSER", u.username),
                       ("PGPASSWORD", u.password), ("PGDATABASE", u.database)):
        if value is not None:
            env[var] = str(value)
    return env


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{done.stderr.strip()[-400:]}")


# ---------------------------------------------------------------- backup


@dataclass
class BackupResult:
    path: Path
    header: dict
    size: int


@contextmanager
def _private_dir() -> Iterator[Path]:
    """A 0700 temporary folder for the clear dump (it holds the database), always removed."""
    d = Path(tempfile.mkdtemp(prefix="minzheng-backup-"))
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _sqlite_path(engine: Engine) -> Path:
    db = engine.url.database
    if not db or db == ":memory:":
        raise BackupError("内存中的 SQLite 数据库无法备份。")
    return Path(db)


def backup(engine: Engine, out: str | Path, key: bytes) -> BackupResult:
    """Write an encrypted, consistent backup of ``engine``'s database to ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    dialect = engine.dialect.name
    with _private_dir() as tmp:
        plain = tmp / "dump"
        if dialect == "sqlite":
            src = sqlite3.connect(_sqlite_path(engine))
            dst = sqlite3.connect(plain)
            try:
                src.backup(dst)  # one step: one read transaction, a consistent copy
            finally:
                dst.close()
                src.close()
            from sqlalchemy import create_engine

            copy = create_engine(f"sqlite:///{plain}")
            with copy.connect() as conn:
                summary = database_summary(conn)
            copy.dispose()
            method = "sqlite-online-backup"
        elif dialect == "postgresql":
            with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
                with conn.begin():
                    snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
                    summary = database_summary(conn)
                    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                          f"--snapshot={snapshot}", "--file", str(plain)],
                         _pg_env(engine.url.render_as_string(hide_password=False)), "pg_dump 备份")
                server = conn.execute(text("SHOW server_version")).scalar()
            method = f"pg_dump-custom (server {server})"
        else:
            raise BackupError(f"不支持备份 {dialect} 数据库。")
        header = {"format": FORMAT_VERSION, "method": method, "dialect": dialect,
                  "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                  "backup_key_id": key_id(key), "data_key_id": data_key_id(), **summary}
        _write_encrypted(plain, out, header, key)
    return BackupResult(out, header, out.stat().st_size)


# ---------------------------------------------------------------- restore


@dataclass
class RestoreResult:
    header: dict
    restored: dict
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def restore(path: str | Path, engine: Engine, key: bytes, force: bool = False) -> RestoreResult:
    """Restore backup ``path`` into ``engine``'s database, then check it against the backup's
    counts and audit trail. The file is authenticated completely before the target is touched;
    a non-empty target is refused unless ``force`` (then its content is replaced)."""
    dialect = engine.dialect.name
    with _private_dir() as tmp:
        plain = tmp / "dump"
        header = decrypt_to(path, plain, key)
        if header.get("dialect") != dialect:
            raise BackupError(f"这是 {header.get('dialect')} 数据库的备份，不能恢复到 {dialect} 数据库。")
        if not force and not is_empty(engine):
            raise BackupError("目标数据库不是空的：为防止覆盖现有数据，未做恢复。请恢复到新的空数据库，"
                              "或确认要覆盖后加 --force。")
        if dialect == "sqlite":
            src = sqlite3.connect(plain)
            try:
                if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError("备份中的数据库未通过完整性检查，未做恢复。")
                engine.dispose()  # no pooled connection of ours holds the target while it is replaced
                target = _sqlite_path(engine)
                target.parent.mkdir(parents=True, exist_ok=True)
                dst = sqlite3.connect(target)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        else:
            env = _pg_env(engine.url.render_as_string(hide_password=False))
            if force:
                with engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE"))
                    conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
            _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                  "--exit-on-error", "--dbname", env.get("PGDATABASE", ""), str(plain)], env, "pg_restore 恢复")
    with engine.connect() as conn:
        restored = database_summary(conn)
    result = RestoreResult(header, restored, problems=compare_summaries(header, restored))
    if header.get("data_key_id") != data_key_id():
        result.warnings.append("这个备份是在另一把数据密钥（DATA_KEY）下做的：身份证号、手机号等加密字段需要"
                               "那把 DATA_KEY 才能读取，请用备份时的 DATA_KEY 运行系统。")
    return result


# ---------------------------------------------------------------- the restore drill


@dataclass
class DrillResult:
    restore: RestoreResult
    #: Differences between the live source database now and the backup (writes since it was taken).
    since_backup: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.restore.ok


def drill(path: str | Path, key: bytes, source: Engine | None = None, scratch_url: str | None = None) -> DrillResult:
    """The recovery drill: restore ``path`` into a throw-away database, check every table's row
    count and the audit trail against the backup, compare with the live ``source`` too, and drop
    the throw-away database. SQLite backups go to a temporary file; PostgreSQL ones to
    ``scratch_url`` (an empty database) or to a temporary database made on ``source``'s server."""
    from sqlalchemy import create_engine

    header = read_header(path)
    dropped: tuple[Engine, str] | None = None
    with _private_dir() as tmp:
        if scratch_url:
            url = scratch_url
        elif header.get("dialect") == "sqlite":
            url = f"sqlite:///{tmp / 'drill.db'}"
        elif source is not None and source.dialect.name == "postgresql":
            name = f"minzheng_drill_{os.urandom(4).hex()}"
            admin = create_engine(source.url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            dropped = (admin, name)
            url = source.url.set(database=name).render_as_string(hide_password=False)
        else:
            raise BackupError("演练 PostgreSQL 备份需要一个空的临时数据库（--scratch-url）或源数据库的地址。")
        scratch = create_engine(url)
        try:
            result = DrillResult(restore(path, scratch, key))
        finally:
            scratch.dispose()
            if dropped:
                admin, name = dropped
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    if source is not None:
        with source.connect() as conn:
            now = database_summary(conn)
        result.since_backup = compare_summaries(header, now, after="现在")
    return result
