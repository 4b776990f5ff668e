"""One batch of events in ONE transaction, set-based.

The ids already stored are looked up first (and answered from storage by the caller). For
the comments: detection for the whole batch in one call (before anything is written or
locked), the shared decision step (:mod:`hifazat.services.decision_step`) per comment, then
one bulk write per table for the batch (accounts, content, comments, decisions, enforcement
facts, ``processed_events``, webhook outbox rows; ``COPY`` on PostgreSQL), the cases for
comments a person must look at opened in bulk, the pile-on check for the creators who got
abuse, and last every audit entry of the batch appended under one lock of the chain head in
one write. Report, view and appeal events run their services' session-taking variants, each in a
savepoint, so one that fails is rejected (and stored as such) without undoing the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.bulk import any_of, insert_rows, table_of
from hifazat.db.metrics_tables import EnforcementFact
from hifazat.db.stream_tables import ProcessedEvent, Webhook, WebhookDelivery
from hifazat.db.tables import Comment, Creator, Decision
from hifazat.domain.access import Principal
from hifazat.domain.detection.signal import Signal
from hifazat.domain.policy.decide import STATUS_AFTER, Verdict
from hifazat.domain.policy.grounds import SAFETY_MODE
from hifazat.domain.textcheck import text_problem
from hifazat.errors import HifazatError
from hifazat.services import (
    appeals,
    audit,
    cases,
    metrics_facts,
    metrics_rollup,
    reports,
    safety_mode,
)
from hifazat.services.batch_lookups import accounts_for, contents_for
from hifazat.services.decision_step import AUTOMATED, DecisionStep
from hifazat.services.events_model import (
    COMMENT_CREATED,
    DECIDED,
    EVENT_TYPES,
    RECORDED,
    REJECTED,
    Event,
    EventOutcome,
    NewAppeal,
    NewView,
    decision_view,
)
from hifazat.services.runtime import Runtime

Known = dict[str, tuple[EventOutcome, str]]


def process(
    rt: Runtime,
    principal: Principal,
    events: Sequence[Event],
    lookup: Callable[[Session, Sequence[Event]], Known],
) -> tuple[Known, dict[str, EventOutcome]]:
    """In ONE transaction: the events already stored (``lookup``: their outcomes and body
    hashes), then every other event stored and decided. Returns both, by event id.

    Detection runs inside the transaction but before it writes or locks anything; the audit
    chain's head is locked last, for as short a time as possible."""
    now = rt.now()
    outcomes: dict[str, EventOutcome] = {}
    abused: set[int] = set()
    with rt.transaction() as s:
        known = lookup(s, events)
        fresh = [e for e in events if e.id not in known]
        if not fresh:
            return known, outcomes
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
        batch = _Batch(rt, s, principal, now)
        handles = {e.creator for e in fresh if e.creator}
        creators = {
            c.handle: c
            for c in s.scalars(select(Creator).where(any_of(s, Creator.handle, handles)))
        }
        commented = [e.comment for e in fresh if e.comment is not None]
        accounts, new_accounts = accounts_for(s, commented, now)
        contents = contents_for(s, creators, commented, now)
        step = DecisionStep(rt, s, now)
        step.load_strikes([a.id for a in accounts.values()], new_accounts)
        step.preload(c.id for c in creators.values())
        pending: list[tuple[Event, Creator, Verdict, dict[str, Any], dict[str, Any]]] = []
        others: list[tuple[Event, Creator | None]] = []
        for e in fresh:
            creator = creators.get(e.creator) if e.creator else None
            error = _problem(e, creator, problems)
            if e.type == COMMENT_CREATED and e.comment is not None and e.id not in problems:
                signal = next(signals)  # consumed in order even when the event is rejected
            if error is not None:
                outcomes[e.id] = batch.reject(e, error)
                continue
            if e.type != COMMENT_CREATED:
                others.append((e, creator))
                continue
            cmd = e.comment
            assert cmd is not None
            assert creator is not None
            author = accounts.get(cmd.author_id) if cmd.author_id else None
            verdict = step.verdict(signal, cmd, creator, author)
            row: dict[str, Any] = {
                "event_id": e.id,
                "request_hash": cmd.fingerprint(),
                "external_id": cmd.comment_id,
                "creator_id": creator.id,
                "content_id": contents.get((creator.id, cmd.content_id)),
                "author_id": author.id if author else None,
                "text": cmd.text,
                "language": signal.language,
                "region": (cmd.region or creator.region).upper(),
                "status": STATUS_AFTER[verdict.action],
                "created_at": cmd.created_at or now,
                "received_at": now,
            }
            pending.append((e, creator, verdict, signal.as_dict(step.thresholds), row))
        comment_ids = insert_rows(s, table_of(Comment), [p[4] for p in pending], returning_ids=True)
        decision_rows: list[dict[str, Any]] = [
            {
                "comment_id": cid,
                "action": verdict.action.value,
                "automated": True,
                "decided_by": AUTOMATED,
                "category": verdict.category.value if verdict.category else None,
                "score": sig["score"],
                "reasons": verdict.statement_of_reasons(),
                "signal": sig,
                "guideline_version": verdict.guideline_version,
                "created_at": now,
            }
            for cid, (_, _, verdict, sig, _) in zip(comment_ids, pending, strict=True)
        ]
        decision_ids = insert_rows(s, table_of(Decision), decision_rows, returning_ids=True)
        held: list[cases.Automated] = []
        facts: list[dict[str, Any]] = []
        for cid, did, drow, (e, creator, verdict, sig, row) in zip(
            comment_ids, decision_ids, decision_rows, pending, strict=True
        ):
            drow["id"] = did
            batch.processed.append(_processed_row(e, DECIDED, now, comment_id=cid))
            facts.append(
                metrics_facts.new_fact_row(
                    comment_id=cid,
                    creator_id=creator.id,
                    region=row["region"],
                    language=row["language"],
                    created_at=row["created_at"],
                    action=drow["action"],
                    category=drow["category"],
                    decided_at=now,
                )
            )
            shield = step.shield(creator.id)
            if shield is not None and verdict.deciding and verdict.deciding.source == SAFETY_MODE:
                safety_mode.record_hold(s, shield, cid)
            held.append(
                cases.Automated(
                    cid,
                    creator,
                    row["author_id"],
                    row["language"],
                    row["region"],
                    row["text"],
                    did,
                    drow["action"],
                    drow["category"],
                    drow["reasons"],
                )
            )
            if sig["abusive"]:
                abused.add(creator.id)
            view = decision_view(e.id, e.creator, cid, row["status"], drow)
            outcomes[e.id] = EventOutcome(
                e.id, e.type, DECIDED, False, now, e.creator, e.published_at, decision=view
            )
            batch.audits.append(
                audit.Entry(
                    principal.actor,
                    "comment.decided",
                    "comment",
                    cid,
                    {
                        "event_id": e.id,
                        "creator": e.creator,
                        "action": drow["action"],
                        "category": drow["category"],
                        "guideline_version": drow["guideline_version"],
                    },
                )
            )
        _insert_facts(s, facts)
        _deliveries(s, [o.decision for o in outcomes.values() if o.decision], now)
        batch.audits.extend(cases.open_for_automated_decisions(s, held, now, rt.settings.sla_hours))
        # As the comment flow does after each abusive comment (it sees this batch's comments).
        safety_mode.check_pile_ons_in(s, rt, abused, now)
        audit.append_many(s, now, batch.audits)
        for e, _creator in others:  # after the batch's audit entries: services append their own
            outcomes[e.id] = batch.run_service(e)
        if batch.processed:
            insert_rows(s, table_of(ProcessedEvent), batch.processed)
        audit.append_many(s, now, batch.late_audits)
    return known, outcomes


class _Batch:
    """What a batch accumulates for its bulk writes, and the report/view/appeal dispatch."""

    def __init__(self, rt: Runtime, s: Session, principal: Principal, now: datetime) -> None:
        self.rt, self.s, self.principal, self.now = rt, s, principal, now
        self.processed: list[dict[str, Any]] = []
        self.audits: list[audit.Entry] = []
        self.late_audits: list[audit.Entry] = []

    def reject(self, e: Event, error: tuple[str, str], late: bool = False) -> EventOutcome:
        self.processed.append(_processed_row(e, REJECTED, self.now, error=error))
        entry = audit.Entry(
            self.principal.actor,
            "event.rejected",
            "event",
            e.id,
            {"type": e.type, "creator": e.creator, "error": error[0]},
        )
        (self.late_audits if late else self.audits).append(entry)
        return EventOutcome(
            e.id,
            e.type,
            REJECTED,
            False,
            self.now,
            e.creator,
            e.published_at,
            error_code=error[0],
            error=error[1],
        )

    def run_service(self, e: Event) -> EventOutcome:
        """The event's service inside a savepoint: its effect and audit entry, or nothing."""
        run = self._service(e)
        try:
            with self.s.begin_nested():
                run()
        except HifazatError as exc:
            return self.reject(e, (exc.code, str(exc)), late=True)
        self.processed.append(_processed_row(e, RECORDED, self.now))
        return EventOutcome(e.id, e.type, RECORDED, False, self.now, e.creator, e.published_at)

    def _service(self, e: Event) -> Callable[[], object]:
        s, p, now, settings = self.s, self.principal, self.now, self.rt.settings
        cmd = e.command
        if isinstance(cmd, reports.NewReport):
            return lambda: reports.file_report_in(s, p, cmd, now, settings.sla_hours)
        if isinstance(cmd, NewView):
            return lambda: metrics_facts.record_view_in(s, p, cmd.comment_id, cmd.viewed_at, now)
        if isinstance(cmd, NewAppeal):
            return lambda: appeals.file_appeal_in(
                s, settings, p, cmd.case_id, cmd.text, cmd.appellant, now
            )
        raise AssertionError(f"no service for {e.type}")  # pragma: no cover - checked before


def _problem(
    e: Event, creator: Creator | None, problems: Mapping[str, str]
) -> tuple[str, str] | None:
    if e.type not in EVENT_TYPES:
        return ("unknown_event_type", f"unknown event type {e.type!r}")
    if e.invalid:
        return ("invalid_input", e.invalid)
    if e.creator and creator is None:
        return ("unknown_creator", f"no creator with handle {e.creator!r}")
    if e.id in problems:
        return ("invalid_text", problems[e.id])
    if e.type == COMMENT_CREATED and (e.comment is None or creator is None):
        return ("invalid_input", "a comment needs a creator and a text")
    if e.type != COMMENT_CREATED and e.command is None:
        return ("invalid_input", f"no data for a {e.type} event")
    return None


def _detect_all(rt: Runtime, texts: list[str]) -> list[Signal]:
    batch = getattr(rt.detector, "detect_batch", None)
    if callable(batch) and texts:
        return cast(list[Signal], batch(texts))
    return [rt.detector.detect(t) for t in texts]


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


def _insert_facts(s: Session, facts: list[dict[str, Any]]) -> None:
    if not facts:
        return
    insert_rows(s, table_of(EnforcementFact), facts)
    for day in sorted({f["day"] for f in facts}):
        metrics_rollup.mark_stale(s, day)


def _storable(data: Mapping[str, Any]) -> dict[str, Any]:
    """JSON every database stores: no NUL characters, no lone surrogates."""
    raw = _STORABLE_JSON.encode(dict(data)).replace("\\u0000", "\\ufffd")
    clean: dict[str, Any] = json.loads(raw.encode("utf-8", "replace").decode("utf-8"))
    return clean


#: ``json.dumps(..., ensure_ascii=False, default=str)``, built once.
_STORABLE_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


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
        insert_rows(s, table_of(WebhookDelivery), rows)
