"""From a signal and the creator's matches to a decision with its statement of reasons. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hifazat.domain.detection.signal import Evidence, Signal
from hifazat.domain.policy.categories import ABUSIVE_CATEGORIES, DSA_CATEGORY, Category

#: Version of the built-in enforcement table below; recorded on every decision.
GUIDELINE_VERSION = "2026.11.0"


class Action(StrEnum):
    ALLOW = "allow"
    HOLD = "hold"
    HIDE = "hide"
    REMOVE = "remove"
    RESTRICT_AUTHOR = "restrict_author"
    NUDGE = "nudge"
    ESCALATE = "escalate"


#: How restrictive an action is; the most restrictive candidate wins.
SEVERITY: dict[Action, int] = {
    Action.ALLOW: 0,
    Action.NUDGE: 1,
    Action.HIDE: 2,
    Action.HOLD: 3,
    Action.ESCALATE: 4,
    Action.REMOVE: 5,
    Action.RESTRICT_AUTHOR: 6,
}

#: Default enforcement per category when its score passes the threshold.
DEFAULT_ENFORCEMENT: dict[Category, Action] = {
    Category.HARASSMENT: Action.HIDE,
    Category.HATE: Action.REMOVE,
    Category.THREAT: Action.REMOVE,
    Category.SEXUAL_HARASSMENT: Action.REMOVE,
    Category.DOXXING: Action.REMOVE,
    Category.BLASPHEMY_ACCUSATION: Action.HOLD,  # always a human, top-priority lane
    Category.SELF_HARM: Action.REMOVE,
    Category.SPAM_SCAM: Action.HIDE,
    Category.PROFANITY: Action.ALLOW,
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


@dataclass(frozen=True, slots=True)
class Reason:
    """One ground that contributed to a decision."""

    rule: str
    action: Action
    category: Category | None
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    category: Category | None
    reasons: tuple[Reason, ...]
    guideline_version: str = GUIDELINE_VERSION
    automated: bool = True
    lane: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def statement_of_reasons(self) -> dict[str, Any]:
        """The statement of reasons stored with the decision and shown to people."""
        deciding = [r for r in self.reasons if r.action == self.action] or list(self.reasons)
        return {
            "action": self.action.value,
            "policy": self.category.value if self.category else None,
            "dsa_category": DSA_CATEGORY.get(self.category) if self.category else None,
            "guideline_version": self.guideline_version,
            "automated_detection": True,
            "automated_decision": self.automated,
            "lane": self.lane,
            "explanation": "; ".join(r.explanation for r in deciding) or "No rule matched.",
            "grounds": [
                {
                    "rule": r.rule,
                    "action": r.action.value,
                    "category": r.category.value if r.category else None,
                    "explanation": r.explanation,
                    "evidence": [e.as_dict() for e in r.evidence],
                }
                for r in self.reasons
            ],
        }


def decide(
    signal: Signal,
    thresholds: Mapping[Category, float],
    keyword_hits: Sequence[Evidence] = (),
    hold_margin: float = 0.15,
) -> Verdict:
    """Platform enforcement first, then the creator's keyword list (which can only tighten)."""
    reasons: list[Reason] = []
    for category in Category:
        score = signal.score_of(category)
        threshold = thresholds.get(category, 0.5)
        evidence = tuple(e for e in signal.evidence if e.category == category)
        if score >= threshold:
            action = DEFAULT_ENFORCEMENT[category]
            if action is Action.ALLOW:
                continue
            reasons.append(
                Reason(
                    rule=f"platform:default:{category.value}",
                    action=action,
                    category=category,
                    explanation=f"{category.value} score {score:.2f} ≥ threshold {threshold:.2f}",
                    evidence=evidence,
                )
            )
        elif category in ABUSIVE_CATEGORIES and score >= threshold - hold_margin:
            reasons.append(
                Reason(
                    rule=f"platform:borderline:{category.value}",
                    action=Action.HOLD,
                    category=category,
                    explanation=f"{category.value} score {score:.2f} is close to the threshold",
                    evidence=evidence,
                )
            )
    if keyword_hits:
        words = ", ".join(sorted({e.match for e in keyword_hits}))
        reasons.append(
            Reason(
                rule="control:keywords",
                action=Action.HOLD,
                category=None,
                explanation=f"matches the creator's keyword list ({words})",
                evidence=tuple(keyword_hits),
            )
        )
    if not reasons:
        return Verdict(action=Action.ALLOW, category=None, reasons=())
    top = max(
        reasons,
        key=lambda r: (SEVERITY[r.action], signal.score_of(r.category) if r.category else 0.0),
    )
    lane = (
        "priority"
        if any(
            r.category
            in {
                Category.BLASPHEMY_ACCUSATION,
                Category.THREAT,
                Category.SELF_HARM,
                Category.DOXXING,
            }
            for r in reasons
        )
        else None
    )
    return Verdict(action=top.action, category=top.category, reasons=tuple(reasons), lane=lane)
