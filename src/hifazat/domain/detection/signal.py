"""What a detector says about one text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from hifazat.domain.policy.categories import ABUSIVE_CATEGORIES, DEFAULT_THRESHOLDS, Category

#: Language codes a detector reports.
LANGUAGES = ("en", "ur", "ur-Latn", "mixed", "other")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a category scored: offsets index the *original* text, ``end`` exclusive."""

    category: Category
    start: int
    end: int
    match: str
    source: str  # e.g. "lexicon:ur-Latn", "pattern:cnic", "model", "keyword:creator"

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Signal:
    language: str
    scores: Mapping[Category, float]
    evidence: tuple[Evidence, ...] = field(default=())

    def score_of(self, category: Category) -> float:
        return self.scores.get(category, 0.0)

    def labels(self, thresholds: Mapping[Category, float] = DEFAULT_THRESHOLDS) -> list[Category]:
        """Categories at or over their threshold, highest score first."""
        over = [c for c in Category if self.score_of(c) >= thresholds.get(c, 0.5)]
        return sorted(over, key=lambda c: -self.score_of(c))

    def abusive(self, thresholds: Mapping[Category, float] = DEFAULT_THRESHOLDS) -> bool:
        return any(c in ABUSIVE_CATEGORIES for c in self.labels(thresholds))

    @property
    def score(self) -> float:
        """Overall score: the highest score over the categories that make a text abusive."""
        return max((self.score_of(c) for c in ABUSIVE_CATEGORIES), default=0.0)

    def as_dict(self, thresholds: Mapping[Category, float] = DEFAULT_THRESHOLDS) -> dict[str, Any]:
        """The ``hifazat detect`` / ``POST /v1/detect`` shape (without ``id``)."""
        return {
            "language": self.language,
            "abusive": self.abusive(thresholds),
            "score": round(self.score, 4),
            "categories": {c.value: round(self.score_of(c), 4) for c in Category},
            "labels": [c.value for c in self.labels(thresholds)],
            "evidence": [e.as_dict() for e in self.evidence],
        }


class Detector(Protocol):
    """Anything that turns a text into a :class:`Signal`. Must be pure and thread-safe."""

    def detect(self, text: str) -> Signal: ...
