"""Events in batches (comment created, report filed, content viewed, appeal filed).

The same steps as :func:`hifazat.services.comments.ingest_comment` — detect, the creator's
keyword list, decide, store, audit — for a whole batch in ONE transaction: bulk inserts and one
lock of the audit chain head per batch. Idempotent per event id in the database
(``processed_events.event_id`` is unique): a redelivered event changes nothing and is answered
with what was stored the first time. Events that can never succeed (unknown creator, bad text,
an id reused for another body) are *rejected*: stored as such, so a redelivery is rejected the
same way, and handed back with their error for the dead-letter subject.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Strike
from hifazat.db.metrics_tables import EnforcementFact
from hifazat.db.stream_tables import ProcessedEvent, Webhook, WebhookDelivery
from hifazat.db.tables import (
    Account,
    AuditEvent,
    AuditHead,
    Comment,
    Creator,
    Decision,
)
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import Lane
from hifazat.domain.controls import Controls, Shield
from hifazat.domain.detection.signal import Signal
from hifazat.domain.metrics import ENFORCEMENT_ACTIONS
from hifazat.domain.policy.context import Context
from hifazat.domain.policy.decide import STATUS_AFTER, Verdict, decide
from hifazat.domain.policy.grounds import SAFETY_MODE
from hifazat.domain.textcheck import text_problem
from hifazat.errors import InvalidInput
from hifazat.services import (
    cases,
    controls,
    guidelines,
    metrics_facts,
    metrics_rollup,
    prior_strikes,
    rules,
    safety_mode,
)
from hifazat.services.audit import GENESIS, event_hash
from hifazat.services.authz import require
from hifazat.services.comments import NewComment
from hifazat.services.creators import ensure_content
from hifazat.services.runtime import Runtime

COMMENT_CREATED = "comment_created"
REPORT_FILED = "report_filed"
CONTENT_VIEWED = "content_viewed"
APPEAL_FILED = "appeal_filed"
EVENT_TYPES = (COMMENT_CREATED, REPORT_FILED, CONTENT_VIEWED, APPEAL_FILED)

DECIDED, RECORDED, REJECTED = "decided", "recorded", "rejected"


@dataclass(frozen=True)
class Event:
    """One event as received. ``data`` is its JSON body (stored and fingerprinted as is)."""

    id: str
    type: str
    data: Mapping[str, Any]
    creator: str | None = None
    comment: NewComment | None = None
    published_at: datetime | None = None
    #: Why ``data`` does not fit its type (the event is rejected and stored as such).
    invalid: str | None = None

    def fingerprint(self) -> str:
        raw = json.dumps(
            {"type": self.type, "data": self.data}, sort_keys=True, ensure_ascii=False, default=str
        )
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EventOutcome:
    event_id: str
    type: str
    status: str  # decided | recorded | rejected
    replayed: bool
    processed_at: datetime
    creator: str | None = None
    published_at: datetime | None = None
    #: For decided comments: what goes out on ``hifazat.decisions`` and to webhooks.
    decision: dict[str, Any] | None = None
    error_code: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "type": self.type,
            "status": self.status,
            "replayed": self.replayed,
            "creator": self.creator,
            "decision": self.decision,
            "error": {"code": self.error_code, "detail": self.error} if self.error_code else None,
        }


@dataclass
class _Audit:
    action: str
    subject_type: str
    subject_id: str
    data: dict[str, Any] = field(default_factory=dict)


def ingest_events(rt: Runtime, principal: Principal, events: Sequence[Event]) -> list[EventOutcome]:
    """Process a batch; one outcome per input event, in order (duplicates in a batch replay)."""
    require(principal, Role.INTEGRATOR, Role.ADMIN)
    if len(events) > rt.settings.events_max_batch:
        raise InvalidInput(f"at most {rt.settings.events_max_batch} events per batch")
    unique: dict[str, Event] = {}
    for e in events:
        unique.setdefault(e.id, e)
    stored: dict[str, EventOutcome] = {}
    for attempt in range(3):
        with rt.read() as s:
            known = _known(s, list(unique.values()))
        fresh = [e for e in unique.values() if e.id not in known]
        try:
            stored = _process(rt, principal, fresh) if fresh else {}
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


def _decision_view(
    event_id: str, creator: str | None, comment: Comment | Mapping[str, Any], d: Decision
) -> dict[str, Any]:
    if isinstance(comment, Comment):
        cid, status = comment.id, comment.status
    else:
        cid, status = comment["id"], comment["status"]
    return {
        "event_id": event_id,
        "comment_id": cid,
        "decision_id": d.id,
        "creator": creator,
        "action": d.action,
        "category": d.category,
        "status": status,
        "automated": d.automated,
        "guideline_version": d.guideline_version,
        "decided_at": d.created_at.isoformat(),
    }


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
        .where(ProcessedEvent.event_id.in_(ids))
        .order_by(Decision.id)
    ).all()
    for pe, comment, decision in rows:
        if pe.event_id in found:
            continue  # the first (automated) decision is the event's answer
        view = (
            _decision_view(pe.event_id, pe.creator, comment, decision)
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
            .where(Comment.event_id.in_(list(by_id)))
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
                decision=_decision_view(e.id, handle, comment, decision),
            )
            same = comment.request_hash == e.comment.fingerprint()
            found[e.id] = (outcome, e.fingerprint() if same else "")
    return found


def _detect_all(rt: Runtime, texts: list[str]) -> list[Signal]:
    batch = getattr(rt.detector, "detect_batch", None)
    if callable(batch) and texts:
        return cast(list[Signal], batch(texts))
    return [rt.detector.detect(t) for t in texts]


def _process(rt: Runtime, principal: Principal, fresh: Sequence[Event]) -> dict[str, EventOutcome]:
    """Store a batch of never-seen events in one transaction."""
    max_chars = rt.settings.max_text_chars
    problems: dict[str, str] = {}
    texts: list[str] = []
    for e in fresh:
        if e.type == COMMENT_CREATED and e.comment is not None:
            problem = text_problem(e.comment.text, max_chars)
            if problem:
                problems[e.id] = problem
            else:
                texts.append(e.comment.text)
    signals = iter(_detect_all(rt, texts))
    now = rt.now()
    outcomes: dict[str, EventOutcome] = {}
    abused: set[int] = set()
    with rt.transaction() as s:
        handles = {e.creator for e in fresh if e.creator}
        creators = {
            c.handle: c for c in s.scalars(select(Creator).where(Creator.handle.in_(handles)))
        }
        accounts, new_accounts = _accounts(s, [e for e in fresh if e.comment is not None], now)
        policy = _Policy(rt, s, now)
        policy.load_strikes([a.id for a in accounts.values()], new_accounts)
        comment_rows: list[dict[str, Any]] = []
        pending: list[tuple[Event, Verdict, Signal]] = []
        processed: list[dict[str, Any]] = []
        for e in fresh:
            creator = creators.get(e.creator) if e.creator else None
            error: tuple[str, str] | None = None
            if e.type not in EVENT_TYPES:
                error = ("unknown_event_type", f"unknown event type {e.type!r}")
            elif e.invalid:
                error = ("invalid_input", e.invalid)
            elif e.creator and creator is None:
                error = ("unknown_creator", f"no creator with handle {e.creator!r}")
            elif e.id in problems:
                error = ("invalid_text", problems[e.id])
            elif e.type == COMMENT_CREATED and (e.comment is None or creator is None):
                error = ("invalid_input", "a comment needs a creator and a text")
            if e.type == COMMENT_CREATED and e.comment is not None and e.id not in problems:
                signal = next(signals)  # consumed in order even when the event is rejected
            if error is not None:
                processed.append(_processed_row(e, REJECTED, now, error=error))
                outcomes[e.id] = EventOutcome(
                    e.id,
                    e.type,
                    REJECTED,
                    False,
                    now,
                    e.creator,
                    e.published_at,
                    error_code=error[0],
                    error=error[1],
                )
                continue
            if e.type != COMMENT_CREATED:
                processed.append(_processed_row(e, RECORDED, now))
                outcomes[e.id] = EventOutcome(
                    e.id, e.type, RECORDED, False, now, e.creator, e.published_at
                )
                continue
            cmd = e.comment
            assert cmd is not None
            assert creator is not None
            author = accounts.get(cmd.author_id) if cmd.author_id else None
            verdict = policy.verdict(signal, cmd, creator, author)
            content = ensure_content(s, creator, cmd.content_id, now) if cmd.content_id else None
            comment_rows.append(
                {
                    "event_id": e.id,
                    "request_hash": cmd.fingerprint(),
                    "external_id": cmd.comment_id,
                    "creator_id": creator.id,
                    "content_id": content.id if content else None,
                    "author_id": author.id if author else None,
                    "text": cmd.text,
                    "language": signal.language,
                    "region": (cmd.region or creator.region).upper(),
                    "status": STATUS_AFTER[verdict.action],
                    "created_at": cmd.created_at or now,
                    "received_at": now,
                }
            )
            pending.append((e, verdict, signal))
        comment_ids: list[int] = []
        if comment_rows:
            comment_ids = list(
                s.scalars(
                    _T(Comment).insert().returning(_T(Comment).c.id, sort_by_parameter_order=True),
                    comment_rows,
                )
            )
        decision_rows = [
            {
                "comment_id": cid,
                "action": verdict.action.value,
                "automated": True,
                "decided_by": "hifazat:auto",
                "category": verdict.category.value if verdict.category else None,
                "score": signal.score,
                "reasons": verdict.statement_of_reasons(),
                "signal": signal.as_dict(policy.thresholds),
                "guideline_version": verdict.guideline_version,
                "created_at": now,
            }
            for cid, (_, verdict, signal) in zip(comment_ids, pending, strict=True)
        ]
        decision_ids: list[int] = []
        if decision_rows:
            decision_ids = list(
                s.scalars(
                    _T(Decision)
                    .insert()
                    .returning(_T(Decision).c.id, sort_by_parameter_order=True),
                    decision_rows,
                )
            )
        audits: list[_Audit] = []
        facts: list[EnforcementFact] = []
        needs_case: list[tuple[int, int]] = []
        for cid, did, row, drow, (e, verdict, signal) in zip(
            comment_ids, decision_ids, comment_rows, decision_rows, pending, strict=True
        ):
            processed.append(_processed_row(e, DECIDED, now, comment_id=cid))
            d = Decision(id=did, **drow)
            facts.append(_fact(cid, row, d))
            shield = policy.shield(row["creator_id"])
            if shield is not None and verdict.deciding and verdict.deciding.source == SAFETY_MODE:
                safety_mode.record_hold(s, shield, cid)
            if d.action in cases.NEEDS_HUMAN or d.reasons.get("lane") == Lane.PRIORITY.value:
                needs_case.append((cid, did))
            if signal.abusive(policy.thresholds):
                abused.add(row["creator_id"])
            view = _decision_view(e.id, e.creator, {"id": cid, "status": row["status"]}, d)
            outcomes[e.id] = EventOutcome(
                e.id, e.type, DECIDED, False, now, e.creator, e.published_at, decision=view
            )
            audits.append(
                _Audit(
                    "comment.decided",
                    "comment",
                    str(cid),
                    {
                        "event_id": e.id,
                        "creator": e.creator,
                        "action": d.action,
                        "category": d.category,
                        "guideline_version": d.guideline_version,
                    },
                )
            )
        for p in processed:
            if p["status"] != DECIDED:
                audits.append(
                    _Audit(
                        f"event.{p['status']}",
                        "event",
                        p["event_id"],
                        {"type": p["type"], "creator": p["creator"], "error": p["error_code"]},
                    )
                )
        s.execute(_T(ProcessedEvent).insert(), processed)
        _insert_facts(s, facts)
        _deliveries(s, [o.decision for o in outcomes.values() if o.decision], now)
        _append_many(s, now, principal.actor, audits)
        for cid, did in needs_case:
            cases.open_for_automated_decision(
                s, s.get_one(Comment, cid), s.get_one(Decision, did), now, rt.settings.sla_hours
            )
    for creator_id in sorted(abused):  # after the commit, as the comment flow does
        safety_mode.check_pile_on(rt, creator_id)
    return outcomes


def _T(entity: type[Any]) -> Table:
    """The Core table: one multi-row INSERT per batch, whatever columns are NULL (the ORM
    bulk path splits a batch into one statement per distinct set of non-NULL columns)."""
    table: Table = entity.__table__
    return table


class _Policy:
    """The decision step of the comment flow (``services.comments._decide``) for a batch:
    guidelines and rules read once, each creator's controls and shield once, each author's
    strike points once and then carried forward through the batch."""

    def __init__(self, rt: Runtime, s: Session, now: datetime) -> None:
        self.rt, self.s, self.now = rt, s, now
        self.thresholds = rt.settings.threshold_map()
        self.ruleset, _ = rules.current(s)
        self.guidelines = guidelines.current(s)
        self.controls: dict[int, Controls] = {}
        self.shields: dict[int, Shield | None] = {}
        self.strikes: dict[int, int] = {}

    def load_strikes(self, account_ids: list[int], new: set[int]) -> None:
        """Strike points in force for every author of the batch in two queries
        (``prior_strikes.active_points`` per account, batched). New accounts have none."""
        self.strikes.update(dict.fromkeys(account_ids, 0))
        old = [a for a in account_ids if a not in new]
        if not old:
            return
        points = Decision.reasons["strikes"].as_integer()
        days = Decision.reasons["strike_expiry_days"].as_integer()
        for author, at, p, d in self.s.execute(
            select(Comment.author_id, Decision.created_at, points, days)
            .join(Comment, Comment.id == Decision.comment_id)
            .where(
                Comment.author_id.in_(old),
                Decision.decided_by == "hifazat:auto",
                points > 0,
            )
        ).all():
            if at + timedelta(days=int(d or 0)) > self.now:
                self.strikes[author] += int(p or 0)
        for author, p in self.s.execute(
            select(Strike.account_id, func.coalesce(func.sum(Strike.points), 0))
            .where(
                Strike.account_id.in_(old),
                Strike.revoked_at.is_(None),
                Strike.expires_at > self.now,
            )
            .group_by(Strike.account_id)
        ).all():
            self.strikes[author] += int(p or 0)

    def shield(self, creator_id: int) -> Shield | None:
        if creator_id not in self.shields:
            self.shields[creator_id] = safety_mode.active(self.s, creator_id, self.now)
        return self.shields[creator_id]

    def verdict(
        self, signal: Signal, cmd: NewComment, creator: Creator, author: Account | None
    ) -> Verdict:
        s, now = self.s, self.now
        if creator.id not in self.controls:
            self.controls[creator.id] = controls.load(s, creator.id)
        if author is not None and author.id not in self.strikes:
            self.strikes[author.id] = prior_strikes.active_points(s, author.id, now)
        shield = self.shield(creator.id)
        created = author.created_at if author else None
        context = Context(
            at=now,
            author_id=cmd.author_id,
            author_handle=cmd.author_handle,
            account_age_days=(now - created).total_seconds() / 86400 if created else None,
            prior_strikes=self.strikes[author.id] if author else 0,
            follows_creator=cmd.follows_creator,
            region=(cmd.region or creator.region).upper(),
            safety_mode=shield is not None,
            audience_size=creator.audience_size,
        )
        verdict = decide(
            signal,
            self.thresholds,
            text=cmd.text,
            context=context,
            guidelines=self.guidelines,
            rules=self.ruleset,
            controls=self.controls[creator.id],
            shield=shield,
            hold_margin=self.rt.settings.hold_margin,
        )
        if author is not None:
            self.strikes[author.id] += int(verdict.statement_of_reasons().get("strikes") or 0)
        return verdict


def _processed_row(
    e: Event,
    status: str,
    now: datetime,
    *,
    comment_id: int | None = None,
    error: tuple[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "event_id": e.id,
        "type": e.type[:32],
        "request_hash": e.fingerprint(),
        "status": status,
        "creator": (e.creator or None) and e.creator[:64],
        "comment_id": comment_id,
        "error_code": error[0] if error else None,
        "error": error[1] if error else None,
        "payload": _storable(e.data),
        "published_at": e.published_at,
        "processed_at": now,
    }


def _fact(comment_id: int, row: dict[str, Any], d: Decision) -> EnforcementFact:
    """The enforcement fact ``metrics_facts.record_decision`` writes for a new comment."""
    fact = EnforcementFact(
        comment_id=comment_id,
        creator_id=row["creator_id"],
        region=(row["region"] or "ZZ")[:2].upper(),
        language=row["language"],
        day=row["created_at"].date(),
        created_at=row["created_at"],
        reports=0,
        reports_resolved=0,
        appealed=False,
        overturned=False,
        strike=False,
        held=d.action in {"hold", "escalate"},
        source="live",
        category=d.category,
        action=d.action,
        actioned_at=d.created_at if d.action in ENFORCEMENT_ACTIONS else None,
    )
    metrics_facts.refresh_derived(fact)
    return fact


def _insert_facts(s: Session, facts: list[EnforcementFact]) -> None:
    if not facts:
        return
    columns = [c.key for c in EnforcementFact.__table__.columns if c.key != "id"]
    s.execute(_T(EnforcementFact).insert(), [{k: getattr(f, k) for k in columns} for f in facts])
    for day in sorted({f.day for f in facts}):
        metrics_rollup.mark_stale(s, day)


def _storable(data: Mapping[str, Any]) -> dict[str, Any]:
    """JSON every database stores: no NUL characters, no lone surrogates."""
    raw = json.dumps(dict(data), ensure_ascii=False, default=str).replace("\\u0000", "\\ufffd")
    clean: dict[str, Any] = json.loads(raw.encode("utf-8", "replace").decode("utf-8"))
    return clean


def _accounts(
    s: Session, events: Iterable[Event], now: datetime
) -> tuple[dict[str, Account], set[int]]:
    """The authors of a batch by external id, created when new (and the ids of the new ones)."""
    wanted: dict[str, NewComment] = {}
    for e in events:
        if e.comment is not None and e.comment.author_id:
            wanted.setdefault(e.comment.author_id, e.comment)
    if not wanted:
        return {}, set()
    found = {
        a.external_id: a
        for a in s.scalars(select(Account).where(Account.external_id.in_(list(wanted))))
    }
    new = [
        Account(
            external_id=ext,
            handle=cmd.author_handle,
            region=cmd.region,
            created_at=cmd.author_created_at,
            first_seen_at=now,
        )
        for ext, cmd in wanted.items()
        if ext not in found
    ]
    if new:
        s.add_all(new)
        s.flush()
        found.update({a.external_id: a for a in new})
    return found, {a.id for a in new}


def _deliveries(s: Session, decisions: list[dict[str, Any]], now: datetime) -> None:
    """The outbox: one pending delivery per (active webhook, decision), in this transaction."""
    if not decisions:
        return
    hooks = list(s.scalars(select(Webhook.id).where(Webhook.active.is_(True))))
    rows = [
        {
            "webhook_id": hook,
            "event_id": d["event_id"],
            "payload": d,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for hook in hooks
        for d in decisions
    ]
    if rows:
        s.execute(_T(WebhookDelivery).insert(), rows)


def _append_many(s: Session, at: datetime, actor: str, entries: list[_Audit]) -> None:
    """Append several events to the audit chain under ONE lock of its head.

    Same links and hashes as :func:`hifazat.services.audit.append` called once per entry."""
    if not entries:
        return
    head = s.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        s.add(head)
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    seq, prev = head.seq, head.hash
    rows: list[dict[str, Any]] = []
    for entry in entries:
        seq += 1
        data = json.loads(json.dumps(entry.data, ensure_ascii=False))
        digest = event_hash(
            seq, at, actor, entry.action, entry.subject_type, entry.subject_id, data, prev
        )
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": entry.action,
                "subject_type": entry.subject_type,
                "subject_id": entry.subject_id,
                "data": data,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    s.execute(_T(AuditEvent).insert(), rows)
    head.seq, head.hash = seq, prev
