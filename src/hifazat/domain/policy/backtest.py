"""Backtest: what would a rule change have decided over stored comments? Pure.

Works on what each stored decision kept (the signal and the context it was decided with), so
the detector is not re-run. Compares the platform outcome (guidelines + rules) under the rules
in force with the outcome under the proposed rules; creators' controls are not part of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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


SCORE_FIELDS = [f"score.{c.value}" for c in _CATS]
_ABUSIVE_FIELDS = [f"score.{c}" for c in _ABUSIVE]


def stored_facts(
    scores: Sequence[float | None], received_at: datetime, extra: Mapping[str, Any]
) -> dict[str, Any]:
    """The rule facts of a stored decision: its scores (in ``Category`` order), when it came,
    and the other fields it kept (already under their rule names)."""
    out: dict[str, Any] = dict(zip(SCORE_FIELDS, (v or 0.0 for v in scores), strict=True))
    out["score.max"] = max(out[f] for f in _ABUSIVE_FIELDS)
    out["hour"] = received_at.hour
    out["weekday"] = received_at.weekday()
    out.update(extra)
    return out


def text_facts(text: str) -> dict[str, Any]:
    return {"text.length": len(text), "text.has_link": has_link(text)}


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
            rows.append((f"score.{c.value}", thresholds.get(c, 0.5), levels))
        return GuidelineTable(tuple(rows))

    def outcome(self, scores: Mapping[str, Any]) -> Action:
        """The guidelines' action for facts holding ``score.<category>`` values."""
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
        self, comment_id: int, before: tuple[Action, str | None], after: tuple[Action, str | None]
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
                        "comment_id": comment_id,
                        "text": "",
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
    rows: Iterable[tuple[int, dict[str, Any]]],
    table: GuidelineTable,
    current: RuleSet,
    proposed: RuleSet,
    tally: Tally,
) -> Tally:
    """Add each stored row's outcome under ``current`` and under ``proposed`` to ``tally``."""
    for comment_id, facts in rows:
        base = table.outcome(facts)
        tally.add(
            comment_id,
            platform_outcome(facts, base, current),
            platform_outcome(facts, base, proposed),
        )
    return tally
