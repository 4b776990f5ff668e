"""Abuse lexicons per language and category, matched over normalised text.

Lexicon files live in ``lexicons/`` as ``<language>.<category>.tsv``: one ``term<TAB>severity``
per line (``high``, ``medium``, ``low``), ``#`` comments. A trailing ``*`` on a term also matches
it as a word stem (``fuck*`` matches ``fucking``). An optional third field ``unless:<languages>``
(comma-separated comment languages) names comments in which the term means something harmless and
does not count: ``bc<TAB>medium<TAB>unless:en`` (``bc`` is "because" in English). Terms are
normalised with the same :func:`~hifazat.domain.text.normalize.normalize` as the text, so one
spelling per variant is enough; Roman Urdu single words are also matched by :func:`phonetic_key`.

Matching is one Aho-Corasick pass over the normalised text plus a dictionary look-up per Latin
word for the phonetic keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

from hifazat.domain.policy.categories import Category
from hifazat.domain.text.normalize import normalize, phonetic_key

__all__ = ["SEVERITY_SCORE", "Entry", "Hit", "Lexicon", "default_lexicon", "parse_lexicon"]

#: Score a single match of each severity contributes to its category.
SEVERITY_SCORE: dict[str, float] = {"high": 0.92, "medium": 0.75, "low": 0.4}

_WORD = re.compile(r"(?<![^\W_])[a-z]{4,}(?![^\W_])")
_MEMO_LIMIT = 200_000
_MIN_PHONETIC_KEY = 4
_CATEGORY_NAMES = frozenset(c.value for c in Category)


@dataclass(frozen=True, slots=True)
class Entry:
    term: str  # normalised
    category: Category
    severity: str
    language: str
    stem: bool = False
    #: comment languages (:func:`~hifazat.domain.text.language.identify`) where it does not count
    unless: frozenset[str] = frozenset()

    @property
    def score(self) -> float:
        return SEVERITY_SCORE[self.severity]


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon match; ``start``/``end`` index the *normalised* text."""

    start: int
    end: int
    entry: Entry
    phonetic: bool = False


def parse_lexicon(text: str, language: str, category: Category) -> list[Entry]:
    entries: list[Entry] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        term, _, rest = line.partition("\t")
        severity, _, flags = rest.partition("\t")
        severity = severity.strip() or "medium"
        if severity not in SEVERITY_SCORE:
            raise ValueError(f"{language}.{category}: unknown severity {severity!r} for {term!r}")
        unless = _unless(flags.strip(), f"{language}.{category}: {term!r}")
        stem = term.endswith("*")
        norm = normalize(term.rstrip("*").strip()).text
        if norm:
            entries.append(Entry(norm, category, severity, language, stem, unless))
    return entries


#: Comment languages an ``unless:`` field may name (those :func:`identify` returns).
COMMENT_LANGUAGES = frozenset({"en", "ur", "ur-Latn", "mixed", "other"})


def _unless(field: str, where: str) -> frozenset[str]:
    if not field:
        return frozenset()
    kind, _, value = field.partition(":")
    languages = frozenset(v.strip() for v in value.split(",") if v.strip())
    if kind != "unless" or not languages:
        raise ValueError(f"{where}: expected 'unless:<languages>', got {field!r}")
    unknown = languages - COMMENT_LANGUAGES
    if unknown:
        raise ValueError(f"{where}: unknown language(s) {sorted(unknown)} in {field!r}")
    return languages


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class Lexicon:
    """Immutable after construction; safe to share between threads."""

    def __init__(self, entries: Iterable[Entry], allow: Iterable[str] = ()) -> None:
        self.entries = tuple(entries)
        by_term: dict[str, list[Entry]] = {}
        for e in self.entries:
            by_term.setdefault(e.term, []).append(e)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for term, es in by_term.items():
            automaton.add_word(term, (len(term), tuple(es)))
        if by_term:
            automaton.make_automaton()
        self._automaton = automaton
        self._empty = not by_term
        blocked = {phonetic_key(w) for w in allow}
        blocked.discard("")
        phonetic: dict[str, Entry] = {}
        for e in self.entries:
            if e.language != "ur-Latn" or e.stem or " " in e.term or not e.term.isascii():
                continue
            key = phonetic_key(e.term)
            if len(key) < _MIN_PHONETIC_KEY or key in blocked:
                continue
            old = phonetic.get(key)
            if old is None or e.score > old.score:
                phonetic[key] = e
        self._phonetic = phonetic
        #: words whose phonetic look-up was done, and those of them that matched
        self._seen: set[str] = set()
        self._phonetic_words: dict[str, Entry] = {}

    def _phonetic_hits(self, text: str, exact_spans: set[tuple[int, int]]) -> list[Hit]:
        """Roman Urdu words matching by phonetic key; the words seen before cost set operations."""
        words = set(_WORD.findall(text))
        if not words:
            return []
        seen = self._seen
        matched = self._phonetic_words
        extra: dict[str, Entry] = {}
        new = words - seen
        if new:
            phonetic = self._phonetic
            for word in new:
                e = phonetic.get(phonetic_key(word))
                if len(seen) < _MEMO_LIMIT:
                    if e is not None:
                        matched[word] = e  # before ``seen``, for other threads
                    seen.add(word)
                elif e is not None:
                    extra[word] = e
        found = matched.keys() & words
        if extra:
            found.update(extra)
        if not found:
            return []
        hits: list[Hit] = []
        for m in _WORD.finditer(text):
            word = m.group()
            if word in found and m.span() not in exact_spans:
                e = matched.get(word) or extra[word]
                hits.append(Hit(m.start(), m.end(), e, phonetic=True))
        return hits

    def find(self, text: str) -> list[Hit]:
        """All matches in normalised ``text`` at word boundaries."""
        hits: list[Hit] = []
        if self._empty or not text:
            return hits
        n = len(text)
        exact_spans: set[tuple[int, int]] = set()
        for last, (length, entries) in self._automaton.iter(text):
            end = last + 1
            start = end - length
            if start > 0 and _is_word_char(text[start - 1]):
                continue
            right_ok = end >= n or not _is_word_char(text[end])
            for e in entries:
                if right_ok:
                    hits.append(Hit(start, end, e))
                elif e.stem:
                    stop = end
                    while stop < n and _is_word_char(text[stop]):
                        stop += 1
                    hits.append(Hit(start, stop, e))
            exact_spans.add((start, end))
        if self._phonetic:
            hits.extend(self._phonetic_hits(text, exact_spans))
        return hits


def _read(name: str) -> str:
    return resources.files("hifazat.domain.text").joinpath("lexicons", name).read_text("utf-8")


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicons (loaded once)."""
    entries: list[Entry] = []
    folder = resources.files("hifazat.domain.text").joinpath("lexicons")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        name = item.name
        if not name.endswith(".tsv"):
            continue
        language, _, rest = name.removesuffix(".tsv").partition(".")
        if rest not in _CATEGORY_NAMES:
            continue  # e.g. language_words.tsv
        entries.extend(parse_lexicon(item.read_text("utf-8"), language, Category(rest)))
    allow = _read("allow.txt").split() if folder.joinpath("allow.txt").is_file() else []
    return Lexicon(entries, allow=allow)
