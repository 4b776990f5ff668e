"""A creator's own controls applied to a comment. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from hifazat.domain.detection.signal import Evidence
from hifazat.domain.policy.categories import Category
from hifazat.domain.text.normalize import normalize


def _bounded(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not text[start - 1].isalnum()
    after_ok = end == len(text) or not text[end].isalnum()
    return before_ok and after_ok


def keyword_hits(text: str, keywords: Iterable[str]) -> list[Evidence]:
    """Where the creator's keywords or phrases occur, matched after normalisation so that
    spacing, leetspeak, stretched letters and look-alike characters do not evade them.
    Offsets index the original text."""
    wanted = {normalize(k).text.strip() for k in keywords}
    wanted.discard("")
    if not wanted:
        return []
    norm = normalize(text)
    hits: list[Evidence] = []
    for needle in sorted(wanted):
        start = norm.text.find(needle)
        while start != -1:
            end = start + len(needle)
            if _bounded(norm.text, start, end):
                o_start, o_end = norm.to_original(start, end)
                hits.append(
                    Evidence(
                        category=Category.HARASSMENT,
                        start=o_start,
                        end=o_end,
                        match=text[o_start:o_end],
                        source="keyword:creator",
                    )
                )
            start = norm.text.find(needle, start + 1)
    return sorted(hits, key=lambda e: e.start)
