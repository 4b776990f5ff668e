"""Backtest: what would a rule change have decided over stored comments? Pure.

Works on what each stored decision kept (the signal and the context it was decided with), so
the detector is not re-run. Compares the platform outcome (guidelines + rules) under the rules
in force with the outcome under the proposed rules; creators' controls are not part of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hifazat.domain.policy.actions import SEVERITY, Action
from hifazat.domain.policy.categories import Category
from hifazat.domain.policy.context import has_link
from hifazat.domain.policy.guidelines import Guidelines
from hifazat.domain.policy.rules.ruleset import RuleSet

_CATS = list(Category)
_ABUSIVE = [c.value for c in Category if c not in {Category.PROFANITY, Category.SPAM_SCAM}]


@dataclass(frozen=True, slots=True)
class Stored:
    comment_id: int
    text: str
    region: str | None
    received_at: datetime
    signal: Mapping[str, Any]
    inputs: Mapping[str, Any]


def stored_facts(row: Stored) -> dict[str, Any]:
    scores: Mapping[str, float] = row.signal.get("categories") or {}
    ev = row.signal.get("evidence") or []
    inputs = row.inputs
    out: dict[str, Any] = {f"score.{c}": float(scores.get(c, 0.0)) for c in scores}
    out.update(
        {
            "score.max": max((float(scores.get(c, 0.0)) for c in _ABUSIVE), default=0.0),
            "language": row.signal.get("language"),
            "labels": frozenset(row.signal.get("labels") or ()),
            "evidence.sources": frozenset(e.get("source") for e in ev),
            "evidence.count": len(ev),
            "text.length": len(row.text),
            "text.has_link": has_link(row.text),
            "author.known": inputs.get("author_known", False),
            "author.account_age_days": inputs.get("account_age_days"),
            "author.prior_strikes": inputs.get("prior_strikes", 0),
            "author.follows_creator": inputs.get("follows_creator"),
            "region": inputs.get("region") or row.region,
            "hour": row.received_at.hour,
            "weekday": row.received_at.weekday(),
            "creator.safety_mode": inputs.get("safety_mode", False),
            "creator.audience_size": 0,
        }
    )
    return out


@dataclass(frozen=True)
class GuidelineTable:
    """The guidelines flattened for speed: per category (threshold, [(min_score, action)])."""

    rows: tuple[tuple[str, float, tuple[tuple[float, Action], ...]], ...]

    @staticmethod
    def build(g: Guidelines, thresholds: Mapping[Category, float]) -> GuidelineTable:
        rows = []
        for c in _CATS:
            p = g.policy_for(c)
            if p is None:
                continue
            levels = tuple((lv.min_score, lv.action) for lv in p.severities) or (
                (0.0, p.default_action),
            )
            rows.append((c.value, thresholds.get(c, 0.5), levels))
        return GuidelineTable(tuple(rows))

    def outcome(self, scores: Mapping[str, float]) -> Action:
        best = Action.ALLOW
        for cat, threshold, levels in self.rows:
            score = scores.get(cat, 0.0)
            if score < threshold:
                continue
            action = levels[0][1]
            for min_score, a in levels:
                if score >= min_score:
                    action = a
            if SEVERITY[action] > SEVERITY[best]:
                best = action
        return best


def platform_outcome(
    facts: Mapping[str, Any], base: Action, rules: RuleSet
) -> tuple[Action, str | None]:
    """Guideline outcome ``base`` at priority 0, then the matching rules by priority."""
    best_key = (0, SEVERITY[base])
    best: tuple[Action, str | None] = (base, None)
    for rule in rules.matching(facts):
        key = (rule.priority, SEVERITY[rule.action])
        if key > best_key:
            best_key, best = key, (rule.action, rule.id)
    return best


@dataclass
class Tally:
    total: int = 0
    changed: int = 0
    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)
    transitions: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    samples: list[dict[str, Any]] = field(default_factory=list)
    max_samples: int = 10

    def add(
        self, row: Stored, before: tuple[Action, str | None], after: tuple[Action, str | None]
    ) -> None:
        self.total += 1
        self.before[before[0].value] += 1
        self.after[after[0].value] += 1
        if after[1]:
            self.by_rule[after[1]] += 1
        if before[0] != after[0]:
            self.changed += 1
            self.transitions[f"{before[0].value}→{after[0].value}"] += 1
            if len(self.samples) < self.max_samples:
                self.samples.append(
                    {
                        "comment_id": row.comment_id,
                        "text": row.text[:280],
                        "before": before[0].value,
                        "after": after[0].value,
                        "rule": after[1] or before[1],
                    }
                )

    def as_dict(self) -> dict[str, Any]:
        return {
            "comments": self.total,
            "changed": self.changed,
            "before": dict(self.before),
            "after": dict(self.after),
            "transitions": dict(self.transitions),
            "matches_by_rule": dict(self.by_rule),
            "samples": self.samples,
        }


def compare(
    rows: Any, table: GuidelineTable, current: RuleSet, proposed: RuleSet, tally: Tally
) -> Tally:
    """Add each stored row's outcome under ``current`` and under ``proposed`` to ``tally``."""
    for row in rows:
        facts = stored_facts(row)
        base = table.outcome(row.signal.get("categories") or {})
        tally.add(
            row, platform_outcome(facts, base, current), platform_outcome(facts, base, proposed)
        )
    return tally
