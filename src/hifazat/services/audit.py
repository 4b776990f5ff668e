"""The hash-chained audit trail: append inside the caller's transaction, verify on demand."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from hifazat.db.bulk import insert_rows
from hifazat.db.tables import AuditEvent, AuditHead

GENESIS = "0" * 64
#: ``json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"))``, built once.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
#: Values JSON storage hands back as they went in (see :func:`_as_stored`).
_PLAIN = (str, int, bool, type(None))


def _iso(at: datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    seq: int,
    at: datetime | str,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    """The chain hash of one event; ``at`` as a datetime or already in its ISO form."""
    at_iso = at if isinstance(at, str) else _iso(at)
    body = _CANONICAL.encode(
        {
            "seq": seq,
            "at": at_iso,
            "actor": actor,
            "action": action,
            "subject": [subject_type, subject_id],
            "data": data,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _as_stored(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as JSON storage hands it back (what the hash must be computed over). A flat
    dict of strings, integers, booleans and nulls (what the services write) comes back as it
    is; anything else goes through a JSON round trip (tuples become lists, and so on)."""
    if all(type(k) is str and type(v) in _PLAIN for k, v in data.items()):
        return dict(data)
    stored: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False))
    return stored


def append(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one event to the chain. Locks the chain head until the caller's transaction ends."""
    data = _as_stored(data or {})  # exactly what storage returns
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    seq = head.seq + 1
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    at = at.replace(microsecond=at.microsecond)  # stored as is
    digest = event_hash(seq, at, actor, action, subject_type, str(subject_id), data, head.hash)
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        data=data,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(event)
    head.seq = seq
    head.hash = digest
    return event


@dataclass(frozen=True)
class Entry:
    """One event for :func:`append_many`."""

    actor: str
    action: str
    subject_type: str
    subject_id: str | int
    data: dict[str, Any]


def append_many(session: Session, at: datetime, entries: Sequence[Entry]) -> None:
    """Append several events under ONE lock of the chain head, in one INSERT.

    Same links and hashes as :func:`append` called once per entry, in order."""
    if not entries:
        return
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    at_iso = _iso(at)
    seq, prev = head.seq, head.hash
    rows: list[dict[str, Any]] = []
    for entry in entries:
        seq += 1
        data = _as_stored(entry.data)
        subject_id = str(entry.subject_id)
        digest = event_hash(
            seq, at_iso, entry.actor, entry.action, entry.subject_type, subject_id, data, prev
        )
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": entry.actor,
                "action": entry.action,
                "subject_type": entry.subject_type,
                "subject_id": subject_id,
                "data": data,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    table: Table = AuditEvent.__table__  # type: ignore[assignment]
    insert_rows(session, table, rows)
    head.seq, head.hash = seq, prev


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str | None = None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first event whose link or content does not hold."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq > last_seq)
            .order_by(AuditEvent.seq)
            .limit(batch)
        ).all()
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                return ChainReport(False, checked, expected_seq, f"event {expected_seq} is missing")
            if ev.prev_hash != prev:
                return ChainReport(False, checked, ev.seq, "link to the previous event is broken")
            digest = event_hash(
                ev.seq,
                ev.at,
                ev.actor,
                ev.action,
                ev.subject_type,
                ev.subject_id,
                ev.data,
                ev.prev_hash,
            )
            if digest != ev.hash:
                return ChainReport(False, checked, ev.seq, "event content was changed")
            prev = ev.hash
            expected_seq += 1
            checked += 1
            last_seq = ev.seq
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.hash != prev):
        return ChainReport(False, checked, checked + 1, "events after this point were deleted")
    return ChainReport(True, checked)
