"""Events in batches (comment created, report filed, content viewed, appeal filed).

Idempotent per event id in the database (``processed_events.event_id`` is unique): the ids of a
batch already stored are answered with what was stored the first time and change nothing; the
rest go through :func:`hifazat.services.event_batch.process` in ONE transaction. Events that
can never succeed (unknown creator, bad data, an id reused for another body) are *rejected*:
stored as such, so a redelivery is rejected the same way, and handed back with their error for
the dead-letter subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hifazat.db.bulk import any_of
from hifazat.db.stream_tables import ProcessedEvent
from hifazat.db.tables import Comment, Creator, Decision
from hifazat.domain.access import Principal, Role
from hifazat.errors import InvalidInput
from hifazat.services.authz import require
from hifazat.services.event_batch import process
from hifazat.services.events_model import (
    APPEAL_FILED,
    COMMENT_CREATED,
    CONTENT_VIEWED,
    DECIDED,
    EVENT_TYPES,
    RECORDED,
    REJECTED,
    REPORT_FILED,
    Event,
    EventOutcome,
    decision_view,
)
from hifazat.services.runtime import Runtime

__all__ = [
    "APPEAL_FILED",
    "COMMENT_CREATED",
    "CONTENT_VIEWED",
    "DECIDED",
    "EVENT_TYPES",
    "RECORDED",
    "REJECTED",
    "REPORT_FILED",
    "Event",
    "EventOutcome",
    "ingest_events",
]


def ingest_events(rt: Runtime, principal: Principal, events: Sequence[Event]) -> list[EventOutcome]:
    """Process a batch; one outcome per input event, in order (duplicates in a batch replay)."""
    require(principal, Role.INTEGRATOR, Role.ADMIN)
    if len(events) > rt.settings.events_max_batch:
        raise InvalidInput(f"at most {rt.settings.events_max_batch} events per batch")
    unique: dict[str, Event] = {}
    for e in events:
        unique.setdefault(e.id, e)
    stored: dict[str, EventOutcome] = {}
    known: dict[str, tuple[EventOutcome, str]] = {}
    for attempt in range(3):
        try:
            known, stored = process(rt, principal, list(unique.values()), _known)
            break
        except IntegrityError:
            # Another worker stored some of these ids first: the next round replays them.
            if attempt == 2:
                raise
    first_seen: set[str] = set()
    out: list[EventOutcome] = []
    for e in events:
        if e.id in stored and e.id not in first_seen:
            first_seen.add(e.id)
            out.append(stored[e.id])
            continue
        prior = stored.get(e.id)
        if prior is None:
            prior, stored_hash = known[e.id]
            if stored_hash != e.fingerprint():
                out.append(_conflict(e, prior.processed_at))
                continue
        out.append(_as_replay(prior))
    return out


def _as_replay(o: EventOutcome) -> EventOutcome:
    return EventOutcome(
        event_id=o.event_id,
        type=o.type,
        status=o.status,
        replayed=True,
        processed_at=o.processed_at,
        creator=o.creator,
        published_at=o.published_at,
        decision=o.decision,
        error_code=o.error_code,
        error=o.error,
    )


def _conflict(e: Event, at: datetime) -> EventOutcome:
    return EventOutcome(
        event_id=e.id,
        type=e.type,
        status=REJECTED,
        replayed=True,
        processed_at=at,
        creator=e.creator,
        published_at=e.published_at,
        error_code="idempotency_conflict",
        error=f"event id {e.id!r} was already used for a different event",
    )


def _known(s: Session, events: Sequence[Event]) -> dict[str, tuple[EventOutcome, str]]:
    """Stored outcomes (with the stored body hash) for the ids already seen."""
    ids = [e.id for e in events]
    if not ids:
        return {}
    found: dict[str, tuple[EventOutcome, str]] = {}
    rows = s.execute(
        select(ProcessedEvent, Comment, Decision)
        .outerjoin(Comment, Comment.id == ProcessedEvent.comment_id)
        .outerjoin(Decision, Decision.comment_id == ProcessedEvent.comment_id)
        .where(any_of(s, ProcessedEvent.event_id, ids))
        .order_by(Decision.id)
    ).all()
    for pe, comment, decision in rows:
        if pe.event_id in found:
            continue  # the first (automated) decision is the event's answer
        view = (
            decision_view(pe.event_id, pe.creator, comment.id, comment.status, decision)
            if comment is not None and decision is not None
            else None
        )
        outcome = EventOutcome(
            event_id=pe.event_id,
            type=pe.type,
            status=pe.status,
            replayed=True,
            processed_at=pe.processed_at,
            creator=pe.creator,
            published_at=pe.published_at,
            decision=view,
            error_code=pe.error_code,
            error=pe.error,
        )
        found[pe.event_id] = (outcome, pe.request_hash)
    # Comments that came in through POST /v1/comments with the same event id.
    rest = [e for e in events if e.id not in found and e.type == COMMENT_CREATED and e.comment]
    if rest:
        by_id = {e.id: e for e in rest}
        for comment, decision, handle in s.execute(
            select(Comment, Decision, Creator.handle)
            .join(Decision, Decision.comment_id == Comment.id)
            .join(Creator, Creator.id == Comment.creator_id)
            .where(any_of(s, Comment.event_id, by_id))
            .order_by(Decision.id)
        ).all():
            if comment.event_id in found:
                continue
            e = by_id[comment.event_id]
            assert e.comment is not None
            outcome = EventOutcome(
                event_id=e.id,
                type=COMMENT_CREATED,
                status=DECIDED,
                replayed=True,
                processed_at=comment.received_at,
                creator=handle,
                decision=decision_view(e.id, handle, comment.id, comment.status, decision),
            )
            same = comment.request_hash == e.comment.fingerprint()
            found[e.id] = (outcome, e.fingerprint() if same else "")
    return found
