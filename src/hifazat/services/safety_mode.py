"""Safety mode: offered (or switched on) when a pile-on is detected, on/off by the creator,
expires by itself, and records what it held."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hifazat.db.controls_tables import SafetyShield, ShieldHold
from hifazat.db.tables import Account, Comment, Creator, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.controls import Shield
from hifazat.domain.safety_mode import PileOnParams, RecentComment, detect_pile_on
from hifazat.errors import Conflict, InvalidInput
from hifazat.services import audit
from hifazat.services.authz import require, require_creator_access
from hifazat.services.controls import load as load_controls
from hifazat.services.creators import creator_by_handle
from hifazat.services.runtime import Runtime

OPEN = ("offered", "active")
#: After an offer or a shield, wait this long before offering again.
COOL_DOWN = timedelta(minutes=30)
#: An offer the creator has not answered lapses after this long.
OFFER_VALID = timedelta(hours=1)


@dataclass(frozen=True)
class ShieldState:
    id: int
    status: str  # offered | active | declined | ended | lapsed
    automatic: bool
    trigger: dict[str, Any]
    muted_phrases: list[str]
    offered_at: datetime | None
    started_at: datetime | None
    ends_at: datetime | None
    ended_at: datetime | None
    held: int


def _status(row: SafetyShield, now: datetime) -> str:
    if row.status == "active" and row.ends_at is not None and row.ends_at <= now:
        return "ended"  # expired by itself
    if (
        row.status == "offered"
        and row.offered_at is not None
        and row.offered_at + OFFER_VALID <= now
    ):
        return "lapsed"
    return row.status


def _state(row: SafetyShield, now: datetime) -> ShieldState:
    status = _status(row, now)
    ended = row.ended_at or (row.ends_at if status == "ended" and row.status == "active" else None)
    return ShieldState(
        row.id,
        status,
        row.automatic,
        dict(row.trigger),
        list(row.muted_phrases),
        row.offered_at,
        row.started_at,
        row.ends_at,
        ended,
        row.held_count,
    )


def active(s: Session, creator_id: int, now: datetime) -> Shield | None:
    """The creator's shield if it is on right now."""
    row = s.scalars(
        select(SafetyShield)
        .where(SafetyShield.creator_id == creator_id, SafetyShield.status == "active")
        .order_by(SafetyShield.id.desc())
        .limit(1)
    ).first()
    if row is None or _status(row, now) != "active":
        return None
    return Shield(period_id=row.id, muted_phrases=tuple(row.muted_phrases))


def active_many(s: Session, creator_ids: Iterable[int], now: datetime) -> dict[int, Shield | None]:
    """:func:`active` for many creators in one query."""
    ids = list(creator_ids)
    rows: dict[int, SafetyShield] = {}
    for row in s.scalars(
        select(SafetyShield)
        .where(SafetyShield.creator_id.in_(ids), SafetyShield.status == "active")
        .order_by(SafetyShield.id)
    ):
        rows[row.creator_id] = row  # the newest wins
    out: dict[int, Shield | None] = dict.fromkeys(ids)
    for creator_id, row in rows.items():
        if _status(row, now) == "active":
            out[creator_id] = Shield(period_id=row.id, muted_phrases=tuple(row.muted_phrases))
    return out


def record_hold(s: Session, shield: Shield, comment_id: int) -> None:
    """Inside the ingest transaction: the shield held this comment."""
    s.add(ShieldHold(shield_id=shield.period_id, comment_id=comment_id))
    row = s.get_one(SafetyShield, shield.period_id)
    row.held_count = (row.held_count or 0) + 1


def _latest(s: Session, creator_id: int) -> SafetyShield | None:
    return s.scalars(
        select(SafetyShield)
        .where(SafetyShield.creator_id == creator_id)
        .order_by(SafetyShield.id.desc())
        .limit(1)
    ).first()


def params(rt: Runtime) -> PileOnParams:
    return PileOnParams(
        window=timedelta(seconds=rt.settings.pile_on_window_s),
        min_abusive=rt.settings.pile_on_min_abusive,
        min_accounts=rt.settings.pile_on_min_accounts,
    )


def check_pile_on(rt: Runtime, creator_id: int) -> ShieldState | None:
    """After an abusive comment: is this creator under a pile-on? If so, offer safety mode (or
    switch it on, if the creator opted in). One transaction, one audit event; None if not."""
    return check_pile_ons(rt, [creator_id]).get(creator_id)


def _quiet(latest: SafetyShield | None, now: datetime) -> bool:
    """Whether the creator already has a shield (offered or on), or had one a moment ago."""
    if latest is None:
        return False
    recent = latest.offered_at or latest.started_at
    return _status(latest, now) in OPEN or (recent is not None and now - recent < COOL_DOWN)


def check_pile_ons(rt: Runtime, creator_ids: Iterable[int]) -> dict[int, ShieldState]:
    """:func:`check_pile_on` for several creators in ONE transaction."""
    with rt.transaction() as s:
        return check_pile_ons_in(s, rt, creator_ids, rt.now())


def check_pile_ons_in(
    s: Session, rt: Runtime, creator_ids: Iterable[int], now: datetime
) -> dict[int, ShieldState]:
    """The pile-on check for several creators inside the caller's transaction (the event
    batches run it on their own new comments before they take the audit chain's lock): their
    latest shields in one query, their abusive comments in the window counted in one more,
    then the window's comments read only for creators with enough of them and no shield.
    The shields offered or switched on, by creator."""
    ids = sorted(set(creator_ids))
    if not ids:
        return {}
    p = params(rt)
    out: dict[int, ShieldState] = {}
    newest = (
        select(func.max(SafetyShield.id))
        .where(SafetyShield.creator_id.in_(ids))
        .group_by(SafetyShield.creator_id)
    )
    latest = {
        row.creator_id: row
        for row in s.scalars(select(SafetyShield).where(SafetyShield.id.in_(newest)))
    }
    candidates = [i for i in ids if not _quiet(latest.get(i), now)]
    since = now - p.window
    counts = (
        dict(
            s.execute(
                select(Comment.creator_id, func.count())
                .join(Decision, Decision.comment_id == Comment.id)
                .where(
                    Comment.creator_id.in_(candidates),
                    Comment.received_at >= since,
                    Decision.decided_by == "hifazat:auto",
                    Decision.signal["abusive"].as_boolean(),
                )
                .group_by(Comment.creator_id)
            ).all()
        )
        if candidates
        else {}
    )
    for creator_id in candidates:
        if int(counts.get(creator_id) or 0) < p.min_abusive:
            continue  # what detect_pile_on answers first, without reading the comments
        state = _check(rt, s, creator_id, now, p)
        if state is not None:
            out[creator_id] = state
    return out


def _check(
    rt: Runtime, s: Session, creator_id: int, now: datetime, p: PileOnParams
) -> ShieldState | None:
    since = now - p.window
    rows = s.execute(
        select(
            Comment.received_at,
            Account.external_id,
            Account.created_at,
            Decision.signal["abusive"],
            Comment.text,
        )
        .join(Decision, Decision.comment_id == Comment.id)
        .outerjoin(Account, Account.id == Comment.author_id)
        .where(
            Comment.creator_id == creator_id,
            Comment.received_at >= since,
            Decision.decided_by == "hifazat:auto",
            Decision.signal["abusive"].as_boolean(),
        )
    ).all()
    recent_rows = [
        RecentComment(
            at=at,
            author=author,
            abusive=bool(abusive),
            text=text,
            account_age_days=(now - created).total_seconds() / 86400 if created else None,
        )
        for at, author, created, abusive, text in rows
    ]
    baseline = s.scalar(
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.creator_id == creator_id,
            Comment.received_at >= since - p.baseline,
            Comment.received_at < since,
            Comment.status != "visible",
        )
    )
    pile_on = detect_pile_on(recent_rows, int(baseline or 0), now, p)
    if pile_on is None:
        return None
    automatic = load_controls(s, creator_id).safety_mode_auto
    row = SafetyShield(
        creator_id=creator_id,
        status="active" if automatic else "offered",
        trigger=pile_on.as_dict(),
        muted_phrases=list(pile_on.phrases),
        automatic=automatic,
        offered_at=now,
        started_at=now if automatic else None,
        ends_at=now + timedelta(hours=rt.settings.safety_mode_hours) if automatic else None,
        ended_at=None,
        held_count=0,
    )
    s.add(row)
    s.flush()
    audit.append(
        s,
        at=now,
        actor="hifazat:auto",
        action="safety_mode.started" if automatic else "safety_mode.offered",
        subject_type="creator",
        subject_id=creator_id,
        data={"shield": row.id, **pile_on.as_dict()},
    )
    return _state(row, now)


def status(rt: Runtime, principal: Principal, handle: str) -> list[ShieldState]:
    """The creator's shields, newest first (the first is the current one, if any)."""
    require(principal, Role.CREATOR, Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR)
    require_creator_access(principal, handle)
    now = rt.now()
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        rows = s.scalars(
            select(SafetyShield)
            .where(SafetyShield.creator_id == creator.id)
            .order_by(SafetyShield.id.desc())
            .limit(20)
        ).all()
        return [_state(r, now) for r in rows]


def held_by(rt: Runtime, principal: Principal, handle: str, shield_id: int) -> list[int]:
    """Ids of the comments a shield held."""
    require(principal, Role.CREATOR, Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR)
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        row = s.get(SafetyShield, shield_id)
        if row is None or row.creator_id != creator.id:
            raise InvalidInput(f"no safety-mode period {shield_id} for {handle}")
        return list(
            s.scalars(
                select(ShieldHold.comment_id)
                .where(ShieldHold.shield_id == shield_id)
                .order_by(ShieldHold.comment_id)
            )
        )


def switch(
    rt: Runtime,
    principal: Principal,
    handle: str,
    on: bool,
    hours: float | None = None,
    muted_phrases: list[str] | None = None,
) -> ShieldState | None:
    """The creator switches safety mode on (accepting an offer, or by hand) or off."""
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    now = rt.now()
    hours = hours or rt.settings.safety_mode_hours
    if not 0 < hours <= 168:
        raise InvalidInput("hours must be more than 0 and at most 168 (a week)")
    with rt.transaction() as s:
        creator: Creator = creator_by_handle(s, handle)
        latest = _latest(s, creator.id)
        current = _status(latest, now) if latest else None
        if on:
            if current == "active":
                raise Conflict("safety mode is already on")
            if latest is not None and current == "offered":
                row = latest
            else:
                row = SafetyShield(
                    creator_id=creator.id,
                    trigger={"manual": True},
                    muted_phrases=[],
                    automatic=False,
                    offered_at=None,
                    held_count=0,
                )
                s.add(row)
            row.status = "active"
            row.started_at = now
            row.ends_at = now + timedelta(hours=hours)
            if muted_phrases is not None:
                row.muted_phrases = sorted({m.strip() for m in muted_phrases if m.strip()})
            action = "safety_mode.started"
        else:
            if latest is None or current not in OPEN:
                raise Conflict("safety mode is not on or offered")
            row = latest
            row.status = "ended" if current == "active" else "declined"
            row.ended_at = now
            action = "safety_mode.ended" if current == "active" else "safety_mode.declined"
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action=action,
            subject_type="creator",
            subject_id=creator.id,
            data={"shield": row.id, "ends_at": row.ends_at.isoformat() if row.ends_at else None},
        )
        return _state(row, now)
