"""Phrase and format patterns, one small module per harm category.

Each module exposes ``find(view: TextView) -> list[PatternHit]``. Offsets in a
:class:`PatternHit` index the *original* text.
"""

from __future__ import annotations

from collections.abc import Callable

from hifazat.domain.detection.patterns.base import PatternHit, TextView

__all__ = ["FINDERS", "PatternHit", "TextView", "find_all"]

Finder = Callable[[TextView], list[PatternHit]]


def _finders() -> tuple[Finder, ...]:
    from hifazat.domain.detection.patterns import (
        blasphemy,
        doxxing,
        self_harm,
        sexual_harassment,
        spam_scam,
        threat,
    )

    return (
        doxxing.find,
        spam_scam.find,
        threat.find,
        self_harm.find,
        blasphemy.find,
        sexual_harassment.find,
    )


FINDERS: tuple[Finder, ...] = _finders()


def find_all(view: TextView) -> list[PatternHit]:
    hits: list[PatternHit] = []
    for finder in FINDERS:
        hits.extend(finder(view))
    return hits
