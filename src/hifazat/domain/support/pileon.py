"""Pile-ons: bursts of abusive comments from many accounts aimed at one creator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Abusive:
    comment_id: int
    at: datetime
    author: str | None


@dataclass(frozen=True, slots=True)
class PileOn:
    start: datetime
    end: datetime
    comment_ids: tuple[int, ...]
    authors: int


def find_pileons(
    items: Sequence[Abusive],
    window: timedelta = timedelta(hours=1),
    min_comments: int = 5,
    min_authors: int = 3,
) -> list[PileOn]:
    """Maximal runs where every comment has ``min_comments`` abusive ones within ``window``.

    Overlapping qualifying windows merge into one pile-on; each must also come from at least
    ``min_authors`` distinct accounts (unknown authors count once each)."""
    ordered = sorted(items, key=lambda a: (a.at, a.comment_id))
    spans: list[list[int]] = []  # [first, last] indexes into ``ordered``
    lo = 0
    for hi in range(len(ordered)):
        while ordered[hi].at - ordered[lo].at > window:
            lo += 1
        if hi - lo + 1 >= min_comments:
            if spans and ordered[spans[-1][1]].at >= ordered[lo].at:
                spans[-1][1] = hi
            else:
                spans.append([lo, hi])
    runs = [ordered[first : last + 1] for first, last in spans]
    found = []
    for run in runs:
        authors = {a.author or f"#{a.comment_id}" for a in run}
        if len(authors) >= min_authors:
            found.append(
                PileOn(run[0].at, run[-1].at, tuple(a.comment_id for a in run), len(authors))
            )
    return found
