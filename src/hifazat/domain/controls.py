"""A creator's own controls applied to a comment. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hifazat.domain.detection.signal import Evidence
from hifazat.domain.policy.categories import Category
from hifazat.domain.text.normalize import Normalized, normalize, phonetic_key

_WORD = re.compile(r"\w+")


def _key(token: str) -> str:
    """Tokens meet when their Roman Urdu phonetic keys meet (kutta/kuta/kuttey)."""
    return phonetic_key(token) or token


def _tokens(norm: Normalized) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _key(m.group(0))) for m in _WORD.finditer(norm.text)]


def keyword_hits(text: str, keywords: Iterable[str]) -> list[Evidence]:
    """Where the creator's keywords or phrases occur.

    Both sides are normalised (spacing, leetspeak, stretched letters, look-alike characters,
    Urdu letter variants) and compared word by word on phonetic keys, so spelling variants
    meet. Offsets index the original text."""
    phrases = {tuple(_key(w) for w in _WORD.findall(normalize(k).text)) for k in keywords}
    phrases.discard(())
    if not phrases:
        return []
    norm = normalize(text)
    tokens = _tokens(norm)
    keys = [t[2] for t in tokens]
    hits: list[Evidence] = []
    for phrase in sorted(phrases):
        n = len(phrase)
        for i in range(len(keys) - n + 1):
            if tuple(keys[i : i + n]) == phrase:
                start, end = norm.to_original(tokens[i][0], tokens[i + n - 1][1])
                hits.append(
                    Evidence(
                        category=Category.HARASSMENT,
                        start=start,
                        end=end,
                        match=text[start:end],
                        source="keyword:creator",
                    )
                )
    return sorted(hits, key=lambda e: (e.start, e.end))
