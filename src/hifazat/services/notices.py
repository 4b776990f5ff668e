"""Notices: the affected account learns the decision and its reasons; reporters the outcome.

A notice never names a reporter; an outcome notice never names the reported account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Notice
from hifazat.domain.access import Principal, Role
from hifazat.errors import Forbidden
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime


def notify(
    s: Session, case_id: int, recipient: str, kind: str, body: dict[str, Any], now: datetime
) -> None:
    s.add(Notice(case_id=case_id, recipient=recipient, kind=kind, body=body, created_at=now))


@dataclass(frozen=True)
class NoticeView:
    id: int
    case_id: int
    recipient: str
    kind: str
    body: dict[str, Any]
    created_at: datetime


def list_notices(
    rt: Runtime, principal: Principal, recipient: str, limit: int = 100
) -> list[NoticeView]:
    """Notices for one recipient: ``account:<id>`` (integrators deliver them) or
    ``creator:<handle>`` (the creator themself)."""
    require(principal, Role.INTEGRATOR, Role.ADMIN, Role.CREATOR)
    if principal.role is Role.CREATOR:
        kind, _, handle = recipient.partition(":")
        if kind != "creator" or handle not in principal.subjects:
            raise Forbidden("a creator reads only their own notices")
    with rt.read() as s:
        rows = s.scalars(
            select(Notice)
            .where(Notice.recipient == recipient)
            .order_by(Notice.id.desc())
            .limit(limit)
        )
        return [
            NoticeView(n.id, n.case_id, n.recipient, n.kind, n.body, n.created_at) for n in rows
        ]
