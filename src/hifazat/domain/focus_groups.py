"""Brainstorm helpers: bilingual idea clustering suggestions and nominal-group / dot-vote tallies.

Deterministic (no randomness): character n-gram TF-IDF over a romanised form of each idea, so
an idea in Urdu script, the same idea in Roman Urdu and one in English that shares words land
close together; then single-link grouping above a cosine threshold.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

#: Urdu letters → a rough Roman Urdu spelling (enough to share n-grams with Roman Urdu text).
_UR_TO_LATN = {
    "ا": "a",
    "آ": "aa",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ٹ": "t",
    "ث": "s",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ڈ": "d",
    "ذ": "z",
    "ر": "r",
    "ڑ": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ں": "n",
    "و": "o",
    "ہ": "h",
    "ھ": "h",
    "ۂ": "h",
    "ء": "",
    "ی": "i",
    "ے": "e",
    "ئ": "i",
    "ي": "i",
    "ك": "k",
    "ة": "h",
    "ۓ": "e",
    "ؤ": "o",
    "ه": "h",
}
#: Common English ↔ Roman Urdu equivalents in safety talk, folded to one spelling.
_SYNONYMS = {
    "madad": "help",
    "mdd": "help",
    "mft": "free",
    "muft": "free",
    "hilp": "help",
    "lain": "line",
    "help": "help",
    "helpline": "helpline",
    "hamla": "attack",
    "tabsre": "comment",
    "tabsra": "comment",
    "tabsrh": "comment",
    "comments": "comment",
    "qanooni": "legal",
    "qanoni": "legal",
    "wakeel": "lawyer",
    "wakil": "lawyer",
    "report": "report",
    "shikayat": "report",
    "shkait": "report",
    "sabot": "evidence",
    "saboot": "evidence",
    "suboot": "evidence",
    "filter": "filter",
    "filtr": "filter",
    "urdu": "urdu",
    "ardo": "urdu",
    "zaban": "language",
    "zban": "language",
}
_STOP_WORDS = (
    "the a an and or of to for in on with is are be i my we our me it that this kay ke ki ka "
    "ko se mein main men hai hain ho aur ya bhi k ky sy mn hy hyn"
)
_STOP = frozenset(_STOP_WORDS.split())


def romanise(text: str) -> str:
    """Lower-case, Urdu script transliterated roughly, diacritics removed, synonyms folded."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(_UR_TO_LATN.get(ch, ch) for ch in text)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(_SYNONYMS.get(w, w) for w in words if w not in _STOP)


def similarity_matrix(texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of character 2–4-gram TF-IDF vectors of the romanised texts."""
    prepared = [romanise(t) or "_" for t in texts]
    if len(prepared) < 2:
        return np.ones((len(prepared), len(prepared)))
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    m = vec.fit_transform(prepared)
    sim = (m @ m.T).toarray()
    return np.asarray(sim, dtype=float)


@dataclass(frozen=True)
class ClusterSuggestion:
    members: tuple[int, ...]  # indexes into the input
    label: str


def suggest_clusters(texts: Sequence[str], threshold: float = 0.3) -> list[ClusterSuggestion]:
    """Group ideas whose similarity is above ``threshold`` (single link); singletons stay alone.

    Ordered by size, then by first member; a label is the most central member's own text."""
    n = len(texts)
    if n == 0:
        return []
    sim = similarity_matrix(texts)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if sim[i, j] >= threshold:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        centre = max(members, key=lambda i: (sum(sim[i, j] for j in members), -i))
        label = " ".join(texts[centre].split())
        if len(label) > 60:
            label = label[:59].rstrip() + "…"
        out.append(ClusterSuggestion(tuple(members), label))
    out.sort(key=lambda c: (-len(c.members), c.members[0]))
    return out


# ---- nominal group technique and dot voting ----------------------------------------------


@dataclass(frozen=True)
class Ranking:
    """One participant's private ranking: idea ids, most important first (5–7 ideas)."""

    participant: str
    ideas: tuple[str, ...]


@dataclass(frozen=True)
class IdeaScore:
    idea: str
    rankers: int  # how many participants ranked it
    points: int  # sum of rank points (top = len(ranking) ... last = 1)
    median_rank: float | None


def rank_points(position: int, length: int) -> int:
    """Points for a 1-based position in a ranking of ``length`` ideas: first gets ``length``."""
    return length - position + 1


def validate_ranking(ideas: Sequence[str], max_len: int = 7) -> str | None:
    if not ideas:
        return "a ranking needs at least one idea"
    if len(set(ideas)) != len(ideas):
        return "an idea may appear only once in a ranking"
    if len(ideas) > max_len:
        return f"rank at most {max_len} ideas"
    return None


def tally_rankings(rankings: Iterable[Ranking], max_points: int = 5) -> list[IdeaScore]:
    """NGT scoring: rankers, rank points (5 for first down to 1, capped), median rank.

    Sorted by points, then rankers (so one enthusiast cannot dominate unseen), then idea id."""
    positions: dict[str, list[int]] = {}
    points: dict[str, int] = {}
    for r in rankings:
        for pos, idea in enumerate(r.ideas, start=1):
            positions.setdefault(idea, []).append(pos)
            points[idea] = points.get(idea, 0) + max(max_points - pos + 1, 1)
    scores = [
        IdeaScore(i, len(p), points[i], float(statistics.median(p)) if p else None)
        for i, p in positions.items()
    ]
    scores.sort(key=lambda s: (-s.points, -s.rankers, s.idea))
    return scores


def tally_dots(dots: Mapping[str, Sequence[str]], per_person: int = 3) -> dict[str, int]:
    """Dot votes per option (cluster); each participant has the same ``per_person`` dots."""
    counts: dict[str, int] = {}
    for participant, chosen in dots.items():
        if len(chosen) > per_person:
            raise ValueError(f"{participant} used {len(chosen)} dots; each has {per_person}")
        for option in chosen:
            counts[option] = counts.get(option, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
