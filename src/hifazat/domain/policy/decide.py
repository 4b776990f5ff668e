"""From a signal, the guidelines, the platform rules and the creator's controls to a decision
with its statement of reasons. Pure.

1. Guidelines: each category over its platform threshold asks for its policy's action at the
   severity level its score reaches (priority 0).
2. Platform rules: every matching rule asks for its action at its priority.
3. The platform outcome is the ground with the highest priority (ties: the more restrictive).
4. The creator's controls (and safety mode) can only tighten: the final action is the most
   restrictive of the platform outcome and every control ground. Without ``controls`` the
   result is the platform's alone (a creator with no settings has the default ``Controls()``,
   whose "standard" filters hold comments scoring just under a threshold).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hifazat.domain.controls import Controls, Shield, control_grounds
from hifazat.domain.detection.signal import Signal
from hifazat.domain.policy.actions import SEVERITY, STATUS_AFTER, Action
from hifazat.domain.policy.categories import DSA_CATEGORY, Category
from hifazat.domain.policy.context import Context, facts
from hifazat.domain.policy.grounds import GUIDELINE, RULE, Reason
from hifazat.domain.policy.guidelines import Guidelines, Policy, shipped_guidelines
from hifazat.domain.policy.rules.ruleset import EMPTY, RuleSet

__all__ = ["SEVERITY", "STATUS_AFTER", "Action", "Reason", "Verdict", "decide"]

_CATEGORIES = tuple(Category)
PRIORITY_LANE = frozenset(
    {Category.BLASPHEMY_ACCUSATION, Category.THREAT, Category.SELF_HARM, Category.DOXXING}
)


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    category: Category | None
    reasons: tuple[Reason, ...]
    guideline_version: str = ""
    automated: bool = True
    lane: str | None = None
    policy: Policy | None = None
    deciding: Reason | None = None
    strikes: int = 0
    strike_expiry_days: int = 0
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def statement_of_reasons(self) -> dict[str, Any]:
        """The statement of reasons stored with the decision and shown to people."""
        deciding = [r for r in self.reasons if r.action == self.action] or list(self.reasons)
        p = self.policy
        return {
            "action": self.action.value,
            "policy": self.category.value if self.category else None,
            "policy_id": p.id if p else None,
            "policy_title": dict(p.title) if p else None,
            "dsa_category": (p.dsa_category if p else None)
            or (DSA_CATEGORY.get(self.category) if self.category else None),
            "guideline_version": self.guideline_version,
            "automated_detection": True,
            "automated_decision": self.automated,
            "decided_by": self.deciding.source if self.deciding else None,
            "rule": self.deciding.rule if self.deciding else None,
            "lane": self.lane,
            "strikes": self.strikes,
            "strike_expiry_days": self.strike_expiry_days,
            "explanation": "; ".join(r.explanation for r in deciding) or "No rule matched.",
            "grounds": [r.as_dict() for r in self.reasons],
            "inputs": dict(self.inputs),
        }


def guideline_grounds(
    signal: Signal, guidelines: Guidelines, thresholds: Mapping[Category, float]
) -> tuple[list[Reason], dict[Category, bool]]:
    """Grounds from the guidelines, and for each category whether the guidelines act on it."""
    out: list[Reason] = []
    acts: dict[Category, bool] = {}
    for category in _CATEGORIES:
        score = signal.score_of(category)
        threshold = thresholds.get(category, 0.5)
        if score < threshold:
            continue
        policy = guidelines.policy_for(category)
        if policy is None:
            continue
        level = policy.severity_for(score)
        action = level.action if level else policy.default_action
        if action is Action.ALLOW:
            continue
        acts[category] = True
        out.append(
            Reason(
                rule=f"guideline:{policy.id}" + (f":level{level.level}" if level else ""),
                action=action,
                category=category,
                explanation=f"{category.value} score {score:.2f} ≥ threshold {threshold:.2f}",
                evidence=tuple(e for e in signal.evidence if e.category == category),
                source=GUIDELINE,
            )
        )
    return out, acts


def rule_grounds(signal: Signal, rules: RuleSet, fact_map: Mapping[str, Any]) -> list[Reason]:
    out = []
    matched = rules.matching(fact_map)
    labels = signal.labels() if matched else []
    for rule in matched:
        category = rule.policy or (labels[0] if labels else None)
        out.append(
            Reason(
                rule=f"rule:{rule.id}",
                action=rule.action,
                category=category,
                explanation=rule.description or f"platform rule {rule.id}: {rule.when}",
                evidence=tuple(e for e in signal.evidence if e.category == category),
                source=RULE,
                priority=rule.priority,
            )
        )
    return out


def _most(reasons: Sequence[Reason], signal: Signal, by_priority: bool) -> Reason:
    def key(r: Reason) -> tuple[int, int, float]:
        return (
            r.priority if by_priority else 0,
            SEVERITY[r.action],
            signal.score_of(r.category) if r.category else 0.0,
        )

    return max(reasons, key=key)


def _priority_lane(g: Guidelines, category: Category | None) -> bool:
    if category is None:
        return False
    policy = g.policy_for(category)
    return policy.lane == "priority" if policy else category in PRIORITY_LANE


def decide(
    signal: Signal,
    thresholds: Mapping[Category, float],
    *,
    text: str = "",
    context: Context | None = None,
    guidelines: Guidelines | None = None,
    rules: RuleSet = EMPTY,
    controls: Controls | None = None,
    shield: Shield | None = None,
    hold_margin: float = 0.15,
) -> Verdict:
    """The decision for one comment (see the module docstring for the order)."""
    g = guidelines or shipped_guidelines()
    ctx = context or Context(at=datetime(1970, 1, 1, tzinfo=UTC))
    platform, acts = guideline_grounds(signal, g, thresholds)
    if rules.rules:
        platform += rule_grounds(signal, rules, facts(signal, text, ctx, dict(thresholds)))
    creator = (
        control_grounds(controls, text, signal, ctx, thresholds, acts, hold_margin, shield)
        if controls is not None
        else []
    )
    reasons = tuple(platform + creator)
    inputs = ctx.as_dict()
    if not reasons:
        return Verdict(Action.ALLOW, None, (), g.version, inputs=inputs)
    top = _most(platform, signal, by_priority=True) if platform else None
    final = top
    for r in creator:
        if final is None or SEVERITY[r.action] > SEVERITY[final.action]:
            final = r
    assert final is not None
    category = final.category or (top.category if top else None)
    policy = g.policy_for(category) if category else None
    strikes, expiry = 0, 0
    if final is top and top is not None and policy and top.action is not Action.ALLOW:
        level = policy.severity_for(signal.score_of(policy.category))
        if level and SEVERITY[final.action] >= SEVERITY[Action.HIDE]:
            strikes, expiry = level.strikes, level.strike_expiry_days
    lane = "priority" if any(_priority_lane(g, r.category) for r in platform) else None
    return Verdict(
        action=final.action,
        category=category,
        reasons=reasons,
        guideline_version=g.version,
        lane=lane,
        policy=policy,
        deciding=final,
        strikes=strikes,
        strike_expiry_days=expiry,
        inputs=inputs,
    )
