"""What pattern detectors read and return."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from hifazat.domain.policy.categories import Category
from hifazat.domain.text.normalize import Normalized, fold_chars, fold_digits, normalize

__all__ = ["TRIGGER_INDEX", "PatternHit", "TextView", "TriggerIndex", "normalized_hits"]


@dataclass(frozen=True, slots=True)
class PatternHit:
    category: Category
    start: int  # original text
    end: int
    score: float
    source: str  # "pattern:<name>"


class TextView:
    """One comment seen three ways; all views share the original offsets except ``norm``.

    The derived views are computed on first use and kept (a plain slotted class: cheaper to
    build and read than a dataclass with cached properties, and it is built once per comment).
    """

    __slots__ = ("_bits", "_digits", "_lower_digits", "norm", "original")

    def __init__(self, original: str, norm: Normalized | None = None) -> None:
        self.original = original
        self.norm = norm if norm is not None else normalize(original)
        self._digits: str | None = None
        self._lower_digits: str | None = None
        self._bits: int | None = None

    @property
    def digits(self) -> str:
        """The original with every kind of digit folded to ASCII (same length and offsets)."""
        d = self._digits
        if d is None:
            d = self._digits = fold_digits(self.original)
        return d

    @property
    def lower_digits(self) -> str:
        """``digits`` lower-cased where that keeps the length (for case-blind format patterns)."""
        low = self._lower_digits
        if low is None:
            digits = self.digits
            low = digits.lower()
            if len(low) != len(digits):
                low = digits
            self._lower_digits = low
        return low

    @property
    def text(self) -> str:
        """The normalised text."""
        return self.norm.text

    @property
    def trigger_bits(self) -> int:
        """Which :class:`Triggers` sets occur in the normalised text (one bit per set)."""
        bits = self._bits
        if bits is None:
            bits = self._bits = TRIGGER_INDEX.bits(self.norm.text)
        return bits


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


class TriggerIndex:
    """The words of every :class:`Triggers` set in one automaton.

    One pass over a comment tells which sets occur in it, so the pattern modules share a single
    scan instead of one each, and a benign comment skips the phrase regexes entirely.
    """

    def __init__(self) -> None:
        self._words: dict[str, int] = {}
        self._count = 0
        self._automaton: ahocorasick.Automaton | None = None

    def register(self, words: set[str]) -> int:
        """Add one set of (folded) words; returns its bit."""
        bit = 1 << self._count
        self._count += 1
        for w in words:
            self._words[w] = self._words.get(w, 0) | bit
        self._automaton = None
        return bit

    def _build(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS, ahocorasick.KEY_STRING)
        for w, mask in self._words.items():
            automaton.add_word(w, mask)
        automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def bits(self, text: str) -> int:
        """The bits of every set with a word in ``text``."""
        automaton = self._automaton
        if automaton is None:
            if not self._words:
                return 0
            automaton = self._build()
        full = (1 << self._count) - 1
        mask = 0
        for _, m in automaton.iter(text):
            mask |= m
            if mask == full:
                break
        return mask


#: Shared by every :class:`Triggers` set (filled when the pattern modules are imported).
TRIGGER_INDEX = TriggerIndex()


class Triggers:
    """Literal substrings found in one Aho-Corasick pass (much faster than a regex alternation)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        folded = {fold_chars(w) for w in words}
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH, ahocorasick.KEY_STRING)
        for w in folded:
            self._automaton.add_word(w)
        self._automaton.make_automaton()
        self.bit = TRIGGER_INDEX.register(folded)

    def any_in(self, text: str) -> bool:
        for _ in self._automaton.iter(text):
            return True
        return False

    def in_view(self, view: TextView) -> bool:
        """:meth:`any_in` over the normalised text, from the shared pass of ``view``."""
        return bool(view.trigger_bits & self.bit)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase rule: a regex (verbose-free, case-blind input) with its score and name."""

    name: str
    regex: str
    score: float
    category: Category | None = None  # default: the set's category


class PhraseSet:
    """Many phrase rules compiled into one alternation: one regex pass per text."""

    def __init__(
        self, category: Category, phrases: list[Phrase], triggers: tuple[str, ...] = ()
    ) -> None:
        """``triggers``: substrings one of which every match contains (a cheap pre-check)."""
        self.category = category
        self.trigger = Triggers(triggers) if triggers else None
        self.phrases = {f"p{i}": p for i, p in enumerate(phrases)}
        body = "|".join(f"(?P<{k}>{fold_chars(p.regex)})" for k, p in self.phrases.items())
        self.pattern = re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")

    def matches(self, text: str, triggered: bool | None = None) -> list[tuple[Phrase, int, int]]:
        """``triggered``: the pre-check's answer when the caller already knows it."""
        out: list[tuple[Phrase, int, int]] = []
        if triggered is None:
            triggered = self.trigger is None or self.trigger.any_in(text)
        if not triggered:
            return out
        for m in self.pattern.finditer(text):
            key = m.lastgroup
            if key is None:
                continue
            out.append((self.phrases[key], m.start(), m.end()))
        return out

    def find(self, view: TextView, prefix: str, normalized: bool = True) -> list[PatternHit]:
        """Hits over the normalised text (default) or the digit-folded lower-cased original."""
        hits: list[PatternHit] = []
        if normalized:
            text = view.norm.text
            triggered = self.trigger is None or self.trigger.in_view(view)
        else:
            text = view.lower_digits
            triggered = self.trigger is None or self.trigger.any_in(text)
        if not triggered:
            return hits
        for phrase, a, b in self.matches(text, True):
            start, end = view.norm.to_original(a, b) if normalized else (a, b)
            category = phrase.category or self.category
            hits.append(PatternHit(category, start, end, phrase.score, f"{prefix}:{phrase.name}"))
        return hits
