"""What pattern detectors read and return."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from hifazat.domain.policy.categories import Category
from hifazat.domain.text.normalize import Normalized, fold_digits, normalize

__all__ = ["PatternHit", "TextView", "normalized_hits"]


@dataclass(frozen=True, slots=True)
class PatternHit:
    category: Category
    start: int  # original text
    end: int
    score: float
    source: str  # "pattern:<name>"


@dataclass
class TextView:
    """One comment seen three ways; all views share the original offsets except ``norm``."""

    original: str
    norm: Normalized = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.norm is None:
            self.norm = normalize(self.original)

    @cached_property
    def digits(self) -> str:
        """The original with every kind of digit folded to ASCII (same length and offsets)."""
        return fold_digits(self.original)

    @cached_property
    def lower_digits(self) -> str:
        """``digits`` lower-cased where that keeps the length (for case-blind format patterns)."""
        low = self.digits.lower()
        return low if len(low) == len(self.digits) else self.digits

    @property
    def text(self) -> str:
        """The normalised text."""
        return self.norm.text


def normalized_hits(
    view: TextView,
    pattern: re.Pattern[str],
    category: Category,
    score: float,
    source: str,
    group: int | str = 0,
) -> list[PatternHit]:
    """Matches of ``pattern`` in the normalised text, mapped back to original offsets."""
    hits: list[PatternHit] = []
    for m in pattern.finditer(view.norm.text):
        a, b = m.span(group)
        if a < 0 or a == b:
            continue
        start, end = view.norm.to_original(a, b)
        hits.append(PatternHit(category, start, end, score, source))
    return hits
