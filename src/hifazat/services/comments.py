"""A comment goes in, a decision comes out.

Detect (outside the transaction), then in one transaction: the guidelines and platform rules in
force, the creator's controls and safety mode, the author's context → decide → store, audit.
After commit, an abusive comment triggers the pile-on check (its own transaction).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hifazat.db.tables import Account, Comment, Creator, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.policy.decide import STATUS_AFTER
from hifazat.domain.policy.grounds import SAFETY_MODE
from hifazat.domain.textcheck import text_problem
from hifazat.errors import IdempotencyConflict, InvalidText, NotFound
from hifazat.services import (
    audit,
    cases,
    metrics_facts,
    safety_mode,
)
from hifazat.services.authz import require, require_creator_access
from hifazat.services.creators import creator_by_handle, ensure_content
from hifazat.services.decision_step import DecisionStep
from hifazat.services.runtime import Runtime


@dataclass(frozen=True)
class NewComment:
    event_id: str
    creator: str
    text: str
    author_id: str | None = None
    author_handle: str | None = None
    author_created_at: datetime | None = None
    content_id: str | None = None
    comment_id: str | None = None
    region: str | None = None
    created_at: datetime | None = None
    follows_creator: bool | None = None

    def fingerprint(self) -> str:
        body = {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in ((f, getattr(self, f)) for f in _FIELDS)
        }
        if body["follows_creator"] is None:  # absent: same fingerprint as before it existed
            del body["follows_creator"]
        raw = _FINGERPRINT_JSON.encode(body).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()


_FIELDS = tuple(f.name for f in fields(NewComment))
#: ``json.dumps(..., sort_keys=True, ensure_ascii=False)``, built once.
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class CommentOutcome:
    id: int
    event_id: str
    creator: str
    text: str
    language: str
    region: str | None
    received_at: datetime
    status: str
    decision: dict[str, Any]
    signal: dict[str, Any]
    replayed: bool = False


def _outcome(comment: Comment, decision: Decision, creator: str, replayed: bool) -> CommentOutcome:
    return CommentOutcome(
        id=comment.id,
        event_id=comment.event_id,
        creator=creator,
        text=comment.text,
        language=comment.language,
        region=comment.region,
        received_at=comment.received_at,
        status=comment.status,
        decision={
            "id": decision.id,
            "action": decision.action,
            "automated": decision.automated,
            "decided_by": decision.decided_by,
            "category": decision.category,
            "guideline_version": decision.guideline_version,
            "created_at": decision.created_at.isoformat(),
            "statement_of_reasons": decision.reasons,
        },
        signal=decision.signal,
        replayed=replayed,
    )


def _replay(s: Session, cmd: NewComment, fingerprint: str) -> CommentOutcome | None:
    found = s.execute(
        select(Comment, Decision)
        .join(Decision, Decision.comment_id == Comment.id)
        .where(Comment.event_id == cmd.event_id)
        .order_by(Decision.id)
        .limit(1)
    ).first()
    if found is None:
        return None
    comment, decision = found
    if comment.request_hash != fingerprint:
        raise IdempotencyConflict(
            f"event id {cmd.event_id!r} was already used for a different comment",
            event_id=cmd.event_id,
        )
    return _outcome(comment, decision, cmd.creator, replayed=True)


def _author(s: Session, cmd: NewComment, now: datetime) -> Account | None:
    if not cmd.author_id:
        return None
    account = s.scalar(select(Account).where(Account.external_id == cmd.author_id))
    if account is None:
        account = Account(
            external_id=cmd.author_id,
            handle=cmd.author_handle,
            region=cmd.region,
            created_at=cmd.author_created_at,
            first_seen_at=now,
        )
        s.add(account)
        s.flush()
    return account


def ingest_comment(rt: Runtime, principal: Principal, cmd: NewComment) -> CommentOutcome:
    """Decide on one comment. Idempotent on ``event_id``: a replay returns the stored decision."""
    require(principal, Role.INTEGRATOR, Role.ADMIN)
    problem = text_problem(cmd.text, rt.settings.max_text_chars)
    if problem:
        raise InvalidText(problem)
    fingerprint = cmd.fingerprint()
    with rt.read() as s:
        replay = _replay(s, cmd, fingerprint)
        if replay is not None:
            return replay
    signal = rt.detector.detect(cmd.text)
    thresholds = rt.settings.threshold_map()
    now = rt.now()
    try:
        with rt.transaction() as s:
            creator = creator_by_handle(s, cmd.creator)
            creator_id = creator.id
            author = _author(s, cmd, now)
            step = DecisionStep(rt, s, now)
            verdict = step.verdict(signal, cmd, creator, author)
            shield = step.shield(creator.id)
            content = ensure_content(s, creator, cmd.content_id, now) if cmd.content_id else None
            comment = Comment(
                event_id=cmd.event_id,
                request_hash=fingerprint,
                external_id=cmd.comment_id,
                creator_id=creator.id,
                content_id=content.id if content else None,
                author_id=author.id if author else None,
                text=cmd.text,
                language=signal.language,
                region=(cmd.region or creator.region).upper(),
                status=STATUS_AFTER[verdict.action],
                created_at=cmd.created_at or now,
                received_at=now,
            )
            s.add(comment)
            s.flush()
            decision = Decision(
                comment_id=comment.id,
                action=verdict.action.value,
                automated=True,
                decided_by="hifazat:auto",
                category=verdict.category.value if verdict.category else None,
                score=signal.score,
                reasons=verdict.statement_of_reasons(),
                signal=signal.as_dict(thresholds),
                guideline_version=verdict.guideline_version,
                created_at=now,
            )
            s.add(decision)
            s.flush()
            if shield is not None and verdict.deciding and verdict.deciding.source == SAFETY_MODE:
                safety_mode.record_hold(s, shield, comment.id)
            metrics_facts.record_decision(s, comment, decision)
            audit.append(
                s,
                at=now,
                actor=principal.actor,
                action="comment.decided",
                subject_type="comment",
                subject_id=comment.id,
                data={
                    "event_id": cmd.event_id,
                    "creator": cmd.creator,
                    "action": verdict.action.value,
                    "category": decision.category,
                    "guideline_version": verdict.guideline_version,
                },
            )
            cases.open_for_automated_decision(s, comment, decision, now, rt.settings.sla_hours)
            outcome = _outcome(comment, decision, cmd.creator, replayed=False)
    except IntegrityError:
        # A concurrent request with the same event id won the race: answer with its decision.
        with rt.read() as s:
            replay = _replay(s, cmd, fingerprint)
        if replay is None:
            raise
        return replay
    if signal.abusive(thresholds):
        safety_mode.check_pile_on(rt, creator_id)
    return outcome


def get_comment(rt: Runtime, principal: Principal, comment_id: int) -> CommentOutcome:
    with rt.read() as s:
        comment = s.get(Comment, comment_id)
        if comment is None:
            raise NotFound(f"no comment {comment_id}")
        owner = s.get_one(Creator, comment.creator_id)
        require_creator_access(principal, owner.handle)
        decision = s.scalars(
            select(Decision).where(Decision.comment_id == comment.id).order_by(Decision.id.desc())
        ).first()
        if decision is None:  # pragma: no cover - every stored comment has a decision
            raise NotFound(f"no decision for comment {comment_id}")
        return _outcome(comment, decision, owner.handle, replayed=False)


def recent_decisions(
    rt: Runtime, principal: Principal, handle: str, limit: int = 50
) -> list[CommentOutcome]:
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        rows = s.execute(
            select(Comment, Decision)
            .join(Decision, Decision.comment_id == Comment.id)
            .where(Comment.creator_id == creator.id)
            .order_by(Comment.received_at.desc(), Comment.id.desc())
            .limit(limit)
        ).all()
        return [_outcome(c, d, handle, replayed=False) for c, d in rows]
