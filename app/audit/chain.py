"""The audit hash chain: sealing new rows as they are written, and verifying the whole trail.

Why: audit rows are kept for years and are the evidence of who read or changed a citizen's case.
Someone with write access to the database (a DBA, a stolen backup restored and edited) could edit,
delete or insert a row; a keyed hash chain makes each of these visible, and names the row.

- Each row gets ``chain_seq`` (1, 2, 3 … without gaps), ``prev_hash`` (the previous row's
  ``row_hash``) and ``row_hash`` = HMAC-SHA256(audit key, canonical JSON of its fields + seq +
  prev_hash). Without the key nobody can compute a valid hash for an edited or forged row.
- The audit key is derived from the data key (``DATA_KEY``; HMAC with a purpose label), never the
  data key itself, so this hash cannot be confused with the look-up hashes or the encryption.
- Appending locks the single ``audit_chain_head`` row inside the writer's own transaction
  (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite a write to the head first takes the database's
  one write lock), so two writers can never both append after the same row (no fork). The lock is
  held from the flush that inserts the audit row until the act commits.
- Rows written by versions before the chain have no hash: they are the *unchained prefix*, reported
  as such (they cannot be checked), never as tampering. A row without a hash after the chain has
  started is reported as inserted.
- The head row also remembers the end, so rows cut off the end are found. (Someone holding the
  key — or who deletes the tail and edits the head to match — is outside what a chain can show:
  keep a copy of ``verify``'s head line elsewhere, e.g. with the backups.)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import func, inspect, select, update
from sqlalchemy.engine import Connection, Engine

from app.audit.models import AuditChainHead, AuditEvent

PURPOSE = b"minzheng-audit-chain|v1"
#: The fields a row's hash covers, in the canonical serialisation (plus seq and prev_hash).
HASHED_FIELDS = ("at", "actor_account_id", "actor_role", "on_behalf_of_person_id", "delegation_id",
                 "action", "object_type", "object_id", "channel", "detail")
_INT_FIELDS = {"actor_account_id", "on_behalf_of_person_id", "delegation_id"}

EVENTS = AuditEvent.__table__
HEAD = AuditChainHead.__table__


# ---------------------------------------------------------------- key and hash

@lru_cache(maxsize=4)
def derive_audit_key(data_key: bytes) -> bytes:
    """The audit key for a data key (a Fernet key, urlsafe base64 of 32 bytes): HMAC of a purpose
    label under the raw key bytes, so the audit key reveals nothing of the data key."""
    raw = base64.urlsafe_b64decode(data_key)
    return hmac.new(raw, PURPOSE, hashlib.sha256).digest()


def audit_key() -> bytes:
    """The product's audit key, from the configured data key (or the development key file)."""
    from app.core import crypto

    return derive_audit_key(crypto._key())  # the one reader of DATA_KEY; see app/core/crypto.py


def _at_text(value) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def canonical(fields: Mapping, seq: int | None, prev_hash: str | None) -> bytes:
    """One exact byte string for a row, identical when written and when read back (sorted keys,
    no spaces, the time as a naive timestamp with microseconds, the detail as its JSON)."""
    body = {"v": 1, "seq": seq, "prev": prev_hash}
    for name in HASHED_FIELDS:
        value = fields.get(name)
        if name == "at":
            value = _at_text(value) if value is not None else None
        elif name == "detail":
            value = json.loads(value) if isinstance(value, str) else json.loads(json.dumps(value or {}))
        elif value is not None:
            value = int(value) if name in _INT_FIELDS else str(value)
        body[name] = value
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_hash(key: bytes, fields: Mapping, seq: int | None, prev_hash: str | None) -> str:
    return hmac.new(key, canonical(fields, seq, prev_hash), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- sealing (on write)

def _stored_at(value: datetime | None) -> datetime | None:
    """The timestamp as the database hands it back: the column (SQLModel's ``UTCDateTime``) stores
    UTC — with its offset on PostgreSQL, as bare digits on SQLite — so the hash covers UTC."""
    if value is not None and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _lock_head(conn: Connection) -> tuple[int, str | None]:
    """Lock the head row for this transaction and return (seq, last_hash). Creates it when missing,
    continuing from the last chained row (a database whose chain starts now starts at 0)."""
    if conn.dialect.name == "sqlite":
        # pysqlite opens the transaction at the first write: write first, so the read below sees
        # the head under the database's write lock (no other writer can append in between).
        conn.execute(update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq))
    q = select(HEAD.c.seq, HEAD.c.last_hash).where(HEAD.c.id == 1).with_for_update()
    row = conn.execute(q).first()
    if row is None:
        tail = conn.execute(select(EVENTS.c.chain_seq, EVENTS.c.row_hash).where(EVENTS.c.chain_seq.is_not(None))
                            .order_by(EVENTS.c.chain_seq.desc()).limit(1)).first()
        values = {"id": 1, "seq": tail[0] if tail else 0, "last_hash": tail[1] if tail else None}
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            conn.execute(pg_insert(HEAD).values(**values).on_conflict_do_nothing(index_elements=["id"]))
        else:
            conn.execute(HEAD.insert().values(**values))
        row = conn.execute(q).one()
    return int(row[0]), row[1]


def seal(session, events: Iterable[AuditEvent]) -> None:
    """Give each new event its place, its predecessor's hash and its own hash, in the order they
    were added, and move the head; called from the flush that inserts them (models.py)."""
    events = sorted(events, key=lambda e: getattr(inspect(e), "insert_order", 0) or 0)
    if not events:
        return
    conn = session.connection()
    key = audit_key()
    seq, last = _lock_head(conn)
    for ev in events:
        seq += 1
        fields = {name: getattr(ev, name) for name in HASHED_FIELDS}
        fields["at"] = _stored_at(fields["at"])
        ev.chain_seq, ev.prev_hash = seq, last
        ev.row_hash = last = compute_hash(key, fields, seq, last)
    conn.execute(update(HEAD).where(HEAD.c.id == 1).values(seq=seq, last_hash=last))


# ---------------------------------------------------------------- verifying

@dataclass(frozen=True)
class Finding:
    #: edited | deleted | inserted | head
    kind: str
    message: str
    row_id: int | None = None
    seq: int | None = None


@dataclass
class ChainReport:
    total_rows: int = 0
    #: Rows older than the chain (no hash): cannot be checked, not counted as findings.
    unchained_count: int = 0
    unchained_first_id: int | None = None
    unchained_last_id: int | None = None
    chained_count: int = 0
    valid_count: int = 0
    head_seq: int | None = None
    head_hash: str | None = None
    findings: list[Finding] = field(default_factory=list)
    findings_total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    max_findings: int = 1000

    @property
    def ok(self) -> bool:
        return self.findings_total == 0

    @property
    def wrong_key_likely(self) -> bool:
        """No chained row checks out at all: the key differs from the writer's (or every row was
        rewritten)."""
        return self.chained_count > 0 and self.valid_count == 0

    def add(self, finding: Finding) -> None:
        self.findings_total += 1
        self.counts[finding.kind] = self.counts.get(finding.kind, 0) + 1
        if len(self.findings) < self.max_findings:
            self.findings.append(finding)

    def summary(self) -> str:
        """One paragraph for operators, in Chinese."""
        lines = []
        if self.ok:
            lines.append(f"审计链完整：{self.chained_count} 条上链记录全部校验通过。")
        else:
            parts = [f"{_KIND_NAMES[k]} {n} 处" for k, n in sorted(self.counts.items())]
            lines.append(f"审计链校验未通过：发现 {self.findings_total} 处问题（{'，'.join(parts)}）。")
        if self.unchained_count:
            lines.append(f"另有 {self.unchained_count} 条早期记录（id {self.unchained_first_id}–"
                         f"{self.unchained_last_id}）写于启用审计链之前，没有校验摘要，无法校验（不算篡改）。")
        if self.head_seq is not None:
            lines.append(f"链尾：链序 {self.head_seq}，摘要 {(self.head_hash or '')[:16]}（可抄存备查，用于发现链尾被截断）。")
        if self.wrong_key_likely:
            lines.append("所有上链记录的摘要都不符：多半是 DATA_KEY 与写入时不同（或整张表被改写）。")
        return "\n".join(lines)


_KIND_NAMES = {"edited": "被修改", "deleted": "被删除", "inserted": "被插入", "head": "链尾不符"}

_COLUMNS = ("id", "chain_seq", "prev_hash", "row_hash", *HASHED_FIELDS)


def _row_fields(row) -> dict:
    return dict(row._mapping)


def verify_chain(engine: Engine, key: bytes | None = None, max_findings: int = 1000) -> ChainReport:
    """Walk the whole audit trail and say, by row id, what was edited, deleted or inserted.

    Read-only. Rows are read in chain order and streamed; only rows that fail their hash are kept
    until the next good row shows where they belong:
    - a bad row in a place the chain is missing (its seq lies between the good rows) was *edited*;
    - a bad row whose place is already held by a good row (or a copy of a good row) was *inserted*;
    - places no row holds were *deleted* (between the two ids named, or before the first / after
      the last row, the end known from the head row).
    """
    report = ChainReport(max_findings=max_findings)
    insp = inspect(engine)
    if "audit_event" not in insp.get_table_names():
        return report
    have = {c["name"] for c in insp.get_columns("audit_event")}
    with engine.connect() as conn:
        report.total_rows = conn.execute(select(func.count()).select_from(EVENTS)).scalar_one()
        if not {"chain_seq", "prev_hash", "row_hash"} <= have:  # a database the chain never reached
            _unchained(conn, report, None)
            return report
        key = key or audit_key()
        chained = EVENTS.c.chain_seq.is_not(None) | EVENTS.c.row_hash.is_not(None)
        first_id = conn.execute(select(EVENTS.c.id).where(chained).order_by(EVENTS.c.id).limit(1)).scalar()
        _unchained(conn, report, first_id)
        if first_id is None:
            return report
        for (row_id,) in conn.execute(select(EVENTS.c.id).where(~chained, EVENTS.c.id > first_id)
                                      .order_by(EVENTS.c.id)):
            report.add(Finding("inserted", f"id 为 {row_id} 的记录是插入的：它没有校验摘要，却写在审计链开始之后。",
                               row_id))
        for row in conn.execute(select(EVENTS.c.id, EVENTS.c.chain_seq).where(
                EVENTS.c.chain_seq.is_(None), EVENTS.c.row_hash.is_not(None)).order_by(EVENTS.c.id)):
            report.chained_count += 1
            report.add(Finding("inserted", f"id 为 {row[0]} 的记录是插入的：有摘要却没有链序，不在链上。", row[0]))
        head = conn.execute(select(HEAD.c.seq, HEAD.c.last_hash).where(HEAD.c.id == 1)).first() \
            if "audit_chain_head" in insp.get_table_names() else None
        if head is not None:
            report.head_seq, report.head_hash = int(head[0]), head[1]
        cols = [EVENTS.c[name] for name in _COLUMNS]
        rows = conn.execution_options(stream_results=True, yield_per=2000).execute(
            select(*cols).where(EVENTS.c.chain_seq.is_not(None)).order_by(EVENTS.c.chain_seq, EVENTS.c.id))
        _walk(rows, key, report, head)
    return report


def _unchained(conn: Connection, report: ChainReport, first_chained_id: int | None) -> None:
    q = select(func.count(), func.min(EVENTS.c.id), func.max(EVENTS.c.id)).select_from(EVENTS)
    if first_chained_id is not None:
        q = q.where(EVENTS.c.id < first_chained_id)
    n, lo, hi = conn.execute(q).one()
    report.unchained_count, report.unchained_first_id, report.unchained_last_id = int(n or 0), lo, hi


@dataclass
class _Good:
    id: int
    seq: int
    row_hash: str


def _walk(rows, key: bytes, report: ChainReport, head) -> None:
    last: _Good | None = None
    bad: list[tuple[int, int]] = []  # (id, seq) of rows failing their hash since ``last``
    for row in rows:
        r = _row_fields(row)
        report.chained_count += 1
        seq = int(r["chain_seq"])
        valid = r["row_hash"] is not None and hmac.compare_digest(
            r["row_hash"], compute_hash(key, r, seq, r["prev_hash"]))
        if not valid:
            bad.append((r["id"], seq))
            continue
        report.valid_count += 1
        if last is not None and seq <= last.seq:  # a second valid row in a held place: a copy
            report.add(Finding("inserted", f"id 为 {r['id']} 的记录是插入的：它与 id 为 {last.id} 的记录链序相同"
                               f"（链序 {seq}），是复制来的。", r["id"], seq))
            continue
        _settle(report, last, bad, seq, r["id"])
        if last is not None and seq == last.seq + 1 and r["prev_hash"] != last.row_hash:
            report.add(Finding("deleted", f"id 为 {r['id']} 的记录的上一条不是 id 为 {last.id} 的记录：两者之间的"
                               f"记录被删除或替换了。", r["id"], seq))
        last, bad = _Good(r["id"], seq, r["row_hash"]), []
    # The end: the head row says how far the chain went.
    end = report.head_seq if report.head_seq is not None else max([s for _, s in bad] + [last.seq if last else 0])
    if head is None and (last or bad):
        report.add(Finding("head", "链尾记录（audit_chain_head）不见了：无法确认最后的记录是否被删除。"))
    last_seq = last.seq if last else 0
    if end < last_seq:
        report.add(Finding("head", f"链尾记录（链序 {end}）落后于最后一条有效记录（id 为 {last.id}，链序 {last_seq}）："
                           "链尾被改动过。", last.id if last else None, last_seq))
    _settle(report, last, bad, end + 1, None)
    if last is not None and head is not None and end == last.seq and head[1] != last.row_hash:
        report.add(Finding("head", f"链尾记录的摘要与最后一条记录（id 为 {last.id}）不符：链尾被改动过。", last.id, last.seq))


def _settle(report: ChainReport, last: _Good | None, bad: list[tuple[int, int]], next_seq: int,
            next_id: int | None) -> None:
    """Between the good row ``last`` and the next good row (at ``next_seq``): bad rows in missing
    places were edited, the others inserted; places nobody holds were deleted."""
    lo = (last.seq if last else 0) + 1
    taken: set[int] = set()
    for row_id, seq in bad:
        if lo <= seq < next_seq and seq not in taken:
            taken.add(seq)
            report.add(Finding("edited", f"id 为 {row_id} 的记录被修改过：它的内容与校验摘要不符（链序 {seq}）。",
                               row_id, seq))
        else:
            report.add(Finding("inserted", f"id 为 {row_id} 的记录是插入的：校验摘要不符，它声称的链序 {seq} "
                               "不是链上空出的位置。", row_id, seq))
    start = lo
    for seq in sorted(taken) + [next_seq]:
        if seq > start:
            report.add(_deleted(start, seq - 1, last, next_id))
        start = seq + 1


def _deleted(first: int, last_seq: int, before: _Good | None, next_id: int | None) -> Finding:
    n = last_seq - first + 1
    span = f"链序 {first}" if n == 1 else f"链序 {first}–{last_seq}"
    if before is None and next_id is None:
        where = "整条审计链"
    elif before is None:
        where = f"id 为 {next_id} 的记录之前（链首）"
    elif next_id is None:
        where = f"id 为 {before.id} 的记录之后（链尾）"
    else:
        where = f"id 为 {before.id} 与 id 为 {next_id} 的记录之间"
    return Finding("deleted", f"{where}有 {n} 条记录被删除（{span}）。", next_id or (before.id if before else None),
                   first)
