"""The abuse digest: what the filters held, summarised so a creator need not read it."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+")
_STOP = (
    "a an the is are you your to of and or in on it this that i me my he she we they be "
    "hai hain ho ka ki ke ko se tu tum tera teri tere ye yeh wo woh aur na nahi bhi to main "
    "ہے ہیں ہو کا کی کے کو سے تو تم تیرا تیری تیرے یہ وہ اور نہ نہیں بھی میں"
)
STOPWORDS = frozenset(_STOP.split())


@dataclass(frozen=True, slots=True)
class HeldComment:
    category: str | None
    language: str
    action: str
    score: float
    text: str


@dataclass(frozen=True)
class Digest:
    total: int
    by_category: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_action: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    #: (masked phrase, in how many comments), most repeated first.
    top_phrases: list[tuple[str, int]] = field(default_factory=list)


def severity(score: float) -> str:
    return "high" if score >= 0.85 else "medium" if score >= 0.65 else "low"


def mask(phrase: str) -> str:
    """Keep each word's first letter and length: ``kutta hai`` → ``k•••• h••``."""
    return " ".join(w[0] + "•" * (len(w) - 1) for w in phrase.split())


def _grams(text: str) -> set[str]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    grams: set[str] = set()
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if all(w in STOPWORDS or w.isdigit() for w in gram):
                continue
            if n == 1 and len(gram[0]) < 3:
                continue
            if gram[0] in STOPWORDS or gram[-1] in STOPWORDS:
                continue
            grams.add(" ".join(gram))
    return grams


def top_phrases(texts: Iterable[str], limit: int = 5, min_count: int = 2) -> list[tuple[str, int]]:
    """Phrases repeated across comments; a longer phrase hides the shorter ones it contains
    when it is as frequent. Returned masked."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_grams(text))
    frequent = [(g, c) for g, c in counts.items() if c >= min_count]
    frequent.sort(key=lambda gc: (-gc[1], -len(gc[0].split()), gc[0]))
    chosen: list[tuple[str, int]] = []
    for gram, count in frequent:
        covered = any(
            f" {gram} " in f" {other} " and other_count >= count for other, other_count in chosen
        )
        if not covered:
            chosen.append((gram, count))
        if len(chosen) == limit:
            break
    return [(mask(g), c) for g, c in chosen]


def build_digest(items: Iterable[HeldComment], limit: int = 5) -> Digest:
    rows = list(items)
    return Digest(
        total=len(rows),
        by_category=dict(Counter(r.category or "keyword" for r in rows).most_common()),
        by_language=dict(Counter(r.language for r in rows).most_common()),
        by_action=dict(Counter(r.action for r in rows).most_common()),
        by_severity={
            s: n
            for s in ("high", "medium", "low")
            if (n := sum(1 for r in rows if severity(r.score) == s))
        },
        top_phrases=top_phrases((r.text for r in rows), limit),
    )
