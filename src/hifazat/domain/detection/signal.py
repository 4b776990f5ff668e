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
        """The ``hifazat detect`` / ``POST /v1/detect`` shape (without ``id``).

        One pass over the categories gives the scores, the labels and the overall score (the same
        values as :meth:`labels`, :meth:`abusive` and :attr:`score`; this runs once per comment).
        """
        scores = self.scores
        categories: dict[str, float] = {}
        over: list[tuple[float, int, str]] = []
        top = 0.0
        abusive = False
        for i, (category, name, harmful) in enumerate(_CATEGORY_ROWS):
            s = scores.get(category, 0.0)
            categories[name] = round(s, 4) if s else 0.0
            if harmful and s > top:
                top = s
            if s >= thresholds.get(category, 0.5):
                over.append((-s, i, name))
                abusive = abusive or harmful
        if len(over) > 1:
            over.sort()
        return {
            "language": self.language,
            "abusive": abusive,
            "score": round(top, 4),
            "categories": categories,
            "labels": [name for _, _, name in over],
            "evidence": [e.as_dict() for e in self.evidence],
        }


#: (category, its name, does it make a text abusive) in the taxonomy's order.
_CATEGORY_ROWS: tuple[tuple[Category, str, bool], ...] = tuple(
    (c, c.value, c in ABUSIVE_CATEGORIES) for c in Category
)


class Detector(Protocol):
    """Anything that turns a text into a :class:`Signal`. Must be pure and thread-safe."""

    def detect(self, text: str) -> Signal: ...
