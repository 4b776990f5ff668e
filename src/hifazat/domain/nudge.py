"""Nudge before posting: should the commenter be asked to reconsider, and citing what? Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hifazat.domain.detection.signal import Signal
from hifazat.domain.policy.actions import Action
from hifazat.domain.policy.categories import Category
from hifazat.domain.policy.guidelines import Guidelines, Policy

OUTCOMES = ("edited", "posted", "abandoned")

MESSAGE = {
    "en": "Your comment may break our Community Guidelines ({title}). Do you want to edit it?",
    "ur": "آپ کا تبصرہ ہمارے کمیونٹی رہنما اصولوں ({title}) کے خلاف ہو سکتا ہے۔"
    " کیا آپ اسے بدلنا چاہیں گے؟",
}


@dataclass(frozen=True, slots=True)
class Advice:
    show: bool
    policy: Policy | None
    category: Category | None
    score: float

    def as_dict(self) -> dict[str, Any]:
        p = self.policy
        return {
            "show": self.show,
            "policy_id": p.id if p else None,
            "category": self.category.value if self.category else None,
            "score": round(self.score, 4),
            "title": dict(p.title) if p else None,
            "guideline": dict(p.text) if p else None,
            "message": {k: v.format(title=p.title.get(k, p.id)) for k, v in MESSAGE.items()}
            if p
            else None,
        }


def advise(
    signal: Signal,
    guidelines: Guidelines,
    thresholds: Mapping[Category, float],
    margin: float = 0.1,
) -> Advice:
    """Show the nudge when a category whose policy acts scores within ``margin`` of its
    threshold or above; cite the policy of the highest such score."""
    best: tuple[float, Category, Policy] | None = None
    for category in Category:
        policy = guidelines.policy_for(category)
        if policy is None or policy.default_action is Action.ALLOW:
            continue
        score = signal.score_of(category)
        if score >= thresholds.get(category, 0.5) - margin and (best is None or score > best[0]):
            best = (score, category, policy)
    if best is None:
        return Advice(False, None, None, signal.score)
    return Advice(True, best[2], best[1], best[0])
