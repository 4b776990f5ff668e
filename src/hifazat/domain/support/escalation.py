"""Escalation to a partner organisation: a consent-gated state machine and the response SLA."""

from __future__ import annotations

from datetime import datetime

SHARED = "shared"
RECEIVED = "received"
IN_PROGRESS = "in_progress"
REFERRED = "referred_to_law_enforcement"
RESOLVED = "resolved"
WITHDRAWN = "withdrawn"
STATUSES = (SHARED, RECEIVED, IN_PROGRESS, REFERRED, RESOLVED, WITHDRAWN)
#: Statuses a partner may set.
PARTNER_STATUSES = (RECEIVED, IN_PROGRESS, REFERRED, RESOLVED)
#: Which status a partner may move to from each status.
PARTNER_MOVES: dict[str, frozenset[str]] = {
    SHARED: frozenset({RECEIVED, IN_PROGRESS, RESOLVED}),
    RECEIVED: frozenset({IN_PROGRESS, REFERRED, RESOLVED}),
    IN_PROGRESS: frozenset({REFERRED, RESOLVED}),
    REFERRED: frozenset({IN_PROGRESS, RESOLVED}),
    RESOLVED: frozenset(),
    WITHDRAWN: frozenset(),
}


class TransitionRefused(ValueError):
    """The move is not allowed from the current status."""


def partner_move(current: str, new: str) -> str:
    if current == WITHDRAWN:
        raise TransitionRefused("the creator withdrew consent; the case is no longer shared")
    if new not in PARTNER_STATUSES:
        raise TransitionRefused(f"{new!r} is not a status a partner can set")
    if new not in PARTNER_MOVES[current]:
        raise TransitionRefused(f"cannot move from {current} to {new}")
    return new


def withdraw(current: str) -> str:
    if current == WITHDRAWN:
        raise TransitionRefused("consent was already withdrawn")
    return WITHDRAWN


def partner_can_see(status: str) -> bool:
    """Withdrawn consent revokes the partner's access."""
    return status != WITHDRAWN


def sla_state(due: datetime, first_response_at: datetime | None, now: datetime) -> str:
    """``met`` / ``missed`` once answered; ``open`` / ``overdue`` while waiting."""
    if first_response_at is not None:
        return "met" if first_response_at <= due else "missed"
    return "open" if now <= due else "overdue"
