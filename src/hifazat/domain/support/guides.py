"""Safety guides (Markdown with a small YAML-like front matter) and a simple ranked search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True, slots=True)
class Guide:
    id: str
    lang: str
    title: str
    summary: str
    #: Helpline issues (directory vocabulary) the guide points to.
    issues: tuple[str, ...]
    body: str


@dataclass(frozen=True, slots=True)
class Hit:
    guide: Guide
    score: float
    snippet: str


def parse_guide(guide_id: str, lang: str, text: str) -> Guide:
    """``---`` front matter with ``title:``, ``summary:``, ``issues: a, b`` lines, then Markdown."""
    match = _FRONT.match(text)
    if match is None:
        raise ValueError(f"guide {guide_id}.{lang}: front matter is missing")
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"guide {guide_id}.{lang}: front matter line {line!r} has no ':'")
        meta[key.strip()] = value.strip()
    for key in ("title", "summary"):
        if not meta.get(key):
            raise ValueError(f"guide {guide_id}.{lang}: {key} is missing")
    issues = tuple(i.strip() for i in meta.get("issues", "").split(",") if i.strip())
    return Guide(guide_id, lang, meta["title"], meta["summary"], issues, text[match.end() :])


def fold(text: str) -> str:
    """Case, width and Urdu letter variants folded so queries meet text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("ي", "ی").replace("ك", "ک").replace("ہ", "ه").replace("ۃ", "ه")


def terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1]


def _snippet(body: str, query_terms: set[str], width: int = 160) -> str:
    plain = " ".join(re.sub(r"[#*_>`\[\]]", "", body).split())
    folded = fold(plain)
    for term in query_terms:
        at = folded.find(term)
        if at >= 0:
            start = max(0, at - width // 3)
            return ("…" if start else "") + plain[start : start + width].strip() + "…"
    return plain[:width].strip() + "…"


def search(guides: Iterable[Guide], query: str, lang: str | None = None) -> list[Hit]:
    """Guides matching every query term (title 3×, summary 2×, body 1×), best first.

    A term matches a word it is a prefix of, so "harass" finds "harassment"."""
    wanted = set(terms(query))
    hits: list[Hit] = []
    for guide in guides:
        if lang and guide.lang != lang:
            continue
        fields = ((terms(guide.title), 3.0), (terms(guide.summary), 2.0), (terms(guide.body), 1.0))
        score = 0.0
        matched: set[str] = set()
        for words, weight in fields:
            for term in wanted:
                n = sum(1 for w in words if w.startswith(term))
                if n:
                    matched.add(term)
                    score += weight * (1.0 + min(n, 5) / 5.0)
        if wanted and matched == wanted:
            hits.append(Hit(guide, round(score, 3), _snippet(guide.body, wanted)))
    hits.sort(key=lambda h: (-h.score, h.guide.id))
    return hits
