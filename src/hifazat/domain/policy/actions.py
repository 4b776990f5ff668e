"""Actions a decision can take, how restrictive each is, and what each does to visibility. Pure."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    ALLOW = "allow"
    HOLD = "hold"
    HIDE = "hide"
    REMOVE = "remove"
    RESTRICT_AUTHOR = "restrict_author"
    NUDGE = "nudge"
    ESCALATE = "escalate"


#: How restrictive an action is; among grounds of equal priority the most restrictive wins.
SEVERITY: dict[Action, int] = {
    Action.ALLOW: 0,
    Action.NUDGE: 1,
    Action.HIDE: 2,
    Action.HOLD: 3,
    Action.ESCALATE: 4,
    Action.REMOVE: 5,
    Action.RESTRICT_AUTHOR: 6,
}

#: Visibility of a comment after each action.
STATUS_AFTER: dict[Action, str] = {
    Action.ALLOW: "visible",
    Action.NUDGE: "visible",
    Action.HIDE: "hidden",
    Action.HOLD: "held",
    Action.ESCALATE: "held",
    Action.REMOVE: "removed",
    Action.RESTRICT_AUTHOR: "removed",
}

ACTION_NAMES = [a.value for a in Action]
