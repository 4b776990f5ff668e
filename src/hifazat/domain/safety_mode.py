"""Pile-on detection: is a creator being raided right now? A pure function over recent comments.

A pile-on is a spike of abusive comments aimed at one creator: many more than that creator's
own baseline in the last few minutes, from many distinct accounts, with either many new
accounts or the same phrase repeated across accounts. The phrase is what safety mode mutes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hifazat.domain.text.normalize import normalize

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class RecentComment:
    at: datetime
    author: str | None
    abusive: bool
    text: str
    account_age_days: float | None = None


@dataclass(frozen=True, slots=True)
class PileOnParams:
    window: timedelta = timedelta(minutes=5)
    baseline: timedelta = timedelta(days=7)
    min_abusive: int = 15
    min_accounts: int = 8
    spike_factor: float = 8.0
    new_account_days: int = 30
    new_account_share: float = 0.3
    phrase_accounts: int = 3


@dataclass(frozen=True, slots=True)
class PileOn:
    abusive: int
    accounts: int
    expected: float
    new_account_share: float
    phrases: tuple[str, ...] = ()
    started_at: datetime | None = None
    signals: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "abusive": self.abusive,
            "accounts": self.accounts,
            "expected": round(self.expected, 2),
            "new_account_share": round(self.new_account_share, 2),
            "phrases": list(self.phrases),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "signals": list(self.signals),
        }


def _phrases(text: str, n: int = 3) -> set[str]:
    words = _WORD.findall(normalize(text).text.casefold())
    if len(words) <= n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def repeated_phrases(comments: Sequence[RecentComment], min_accounts: int) -> list[str]:
    """Phrases (normalised word trigrams) written by at least ``min_accounts`` accounts."""
    authors: dict[str, set[str]] = defaultdict(set)
    for c in comments:
        for p in _phrases(c.text):
            authors[p].add(c.author or f"anon:{c.at.isoformat()}")
    found = sorted(
        (p for p, who in authors.items() if len(who) >= min_accounts),
        key=lambda p: (-len(authors[p]), p),
    )
    chosen: list[str] = []
    for p in found:  # skip trigrams overlapping a stronger one
        if not any(set(p.split()) & set(q.split()) for q in chosen):
            chosen.append(p)
    return chosen[:3]


def detect_pile_on(
    recent: Sequence[RecentComment],
    baseline_abusive: int,
    now: datetime,
    params: PileOnParams = PileOnParams(),
) -> PileOn | None:
    """A pile-on in the window ending at ``now``, or None.

    ``recent``: the creator's comments in the window. ``baseline_abusive``: how many abusive
    comments the creator received over ``params.baseline`` before the window."""
    since = now - params.window
    abusive = [c for c in recent if c.abusive and since <= c.at <= now]
    if len(abusive) < params.min_abusive:
        return None
    windows = params.baseline / params.window
    expected = baseline_abusive / windows if windows else 0.0
    if len(abusive) < max(params.min_abusive, params.spike_factor * expected):
        return None
    accounts = {c.author for c in abusive if c.author}
    if len(accounts) < params.min_accounts:
        return None
    ages = [c.account_age_days for c in abusive if c.account_age_days is not None]
    new_share = sum(1 for a in ages if a < params.new_account_days) / len(ages) if ages else 0.0
    phrases = repeated_phrases(abusive, params.phrase_accounts)
    signals = []
    if new_share >= params.new_account_share:
        signals.append("new_accounts")
    if phrases:
        signals.append("repeated_phrase")
    if len(accounts) >= 2 * params.min_accounts:
        signals.append("many_accounts")
    if not signals:
        return None
    return PileOn(
        abusive=len(abusive),
        accounts=len(accounts),
        expected=expected,
        new_account_share=new_share,
        phrases=tuple(phrases),
        started_at=min(c.at for c in abusive),
        signals=tuple(signals),
    )
