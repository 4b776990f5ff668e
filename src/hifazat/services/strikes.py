"""Strikes by severity with expiry; thresholds of active points restrict the account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import AccountRestriction, Case, ModeratorDecision, Strike
from hifazat.db.tables import Account
from hifazat.domain.access import Principal
from hifazat.domain.cases import (
    StrikeView,
    active_points,
    restriction_for,
    strike_expiry,
)
from hifazat.errors import NotFound
from hifazat.services import prior_strikes
from hifazat.services.authz import require
from hifazat.services.case_views import CASE_STAFF
from hifazat.services.runtime import Runtime


def _views(s: Session, account_id: int) -> list[StrikeView]:
    return [
        StrikeView(st.points, st.expires_at, st.revoked_at is not None)
        for st in s.scalars(select(Strike).where(Strike.account_id == account_id))
    ]


def restrict(
    s: Session,
    account_id: int,
    kind: str,
    days: int,
    cause: str,
    decision: ModeratorDecision,
    now: datetime,
) -> AccountRestriction:
    r = AccountRestriction(
        account_id=account_id,
        kind=kind,
        cause=cause,
        decision_id=decision.id,
        starts_at=now,
        ends_at=now + timedelta(days=days),
        lifted_at=None,
    )
    s.add(r)
    s.flush()
    return r


def issue_strike(
    s: Session, case: Case, decision: ModeratorDecision, now: datetime
) -> tuple[Strike, AccountRestriction | None]:
    """Inside the decision's transaction: one strike; a restriction if it crosses a threshold."""
    assert case.author_id is not None
    before = prior_strikes.active_points(s, case.author_id, now)  # automated and moderators'
    strike = Strike(
        account_id=case.author_id,
        case_id=case.id,
        decision_id=decision.id,
        category=decision.category,
        points=case.severity,
        issued_at=now,
        expires_at=strike_expiry(case.severity, now),
        revoked_at=None,
    )
    s.add(strike)
    s.flush()
    triggered = restriction_for(before, before + strike.points)
    restriction = None
    if triggered is not None:
        restriction = restrict(
            s, case.author_id, triggered.kind, triggered.days, "strikes", decision, now
        )
    return strike, restriction


@dataclass(frozen=True)
class Standing:
    account: str
    active_points: int  # from automated decisions and from moderators
    moderator_points: int
    strikes: list[dict[str, object]]
    restrictions: list[dict[str, object]]
    restricted_until: datetime | None
    suspended_until: datetime | None


def account_standing(rt: Runtime, principal: Principal, external_id: str) -> Standing:
    """An account's strikes, active points and restrictions (staff)."""
    require(principal, *CASE_STAFF)
    now = rt.now()
    with rt.read() as s:
        account = s.scalar(select(Account).where(Account.external_id == external_id))
        if account is None:
            raise NotFound(f"no account {external_id!r}")
        strikes = list(
            s.scalars(select(Strike).where(Strike.account_id == account.id).order_by(Strike.id))
        )
        restrictions = list(
            s.scalars(
                select(AccountRestriction)
                .where(AccountRestriction.account_id == account.id)
                .order_by(AccountRestriction.id)
            )
        )
        live = [r for r in restrictions if r.lifted_at is None and r.ends_at > now]
        return Standing(
            account=external_id,
            active_points=prior_strikes.active_points(s, account.id, now),
            moderator_points=active_points(_views(s, account.id), now),
            strikes=[
                {
                    "id": st.id,
                    "case_id": st.case_id,
                    "category": st.category,
                    "points": st.points,
                    "issued_at": st.issued_at,
                    "expires_at": st.expires_at,
                    "revoked": st.revoked_at is not None,
                }
                for st in strikes
            ],
            restrictions=[
                {
                    "id": r.id,
                    "kind": r.kind,
                    "cause": r.cause,
                    "starts_at": r.starts_at,
                    "ends_at": r.ends_at,
                    "lifted": r.lifted_at is not None,
                }
                for r in restrictions
            ],
            restricted_until=max((r.ends_at for r in live if r.kind == "restrict"), default=None),
            suspended_until=max((r.ends_at for r in live if r.kind == "suspend"), default=None),
        )
