"""One ground of a decision: who or what asked for which action, and why. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hifazat.domain.detection.signal import Evidence
from hifazat.domain.policy.actions import Action
from hifazat.domain.policy.categories import Category

#: Where a ground comes from.
GUIDELINE, RULE, CONTROL, SAFETY_MODE = "guideline", "rule", "control", "safety_mode"


@dataclass(frozen=True, slots=True)
class Reason:
    """One ground that contributed to a decision."""

    rule: str
    action: Action
    category: Category | None
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    source: str = GUIDELINE
    priority: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "source": self.source,
            "action": self.action.value,
            "priority": self.priority,
            "category": self.category.value if self.category else None,
            "explanation": self.explanation,
            "evidence": [e.as_dict() for e in self.evidence],
        }
