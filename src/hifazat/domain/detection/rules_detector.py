"""The rule-based detector: normalisation + language id + lexicons + patterns.

Scores per category combine the matches of that category as a noisy-or
(``1 - Π(1 - score)``), so two medium words weigh more than one. Untargeted swearing stays
``profanity``; the same words aimed at a person (a second-person pronoun or an @mention in the
comment: "fuck you", "tu bc hai") also count as ``harassment``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hifazat.domain.detection.patterns import PatternHit, TextView, find_all
from hifazat.domain.detection.signal import Evidence, Signal
from hifazat.domain.policy.categories import Category
from hifazat.domain.text.language import LanguageModel, default_model, identify
from hifazat.domain.text.lexicon import Hit, Lexicon, default_lexicon
from hifazat.domain.text.normalize import Normalized, normalize

__all__ = ["MAX_SCORE", "RulesDetector", "is_targeted"]

#: Rules never claim certainty.
MAX_SCORE = 0.99
#: Targeted swearing scores as harassment at this share of its profanity score.
TARGETED_SHARE = 1.0
#: A word matched only by its Roman Urdu phonetic key scores this share of the entry's score.
PHONETIC_SHARE = 0.9

#: Second-person words (and "abe", "oye") in the three forms; each is one whole word.
_TARGET_WORDS = frozenset(
    (
        *("you", "u", "ur", "your", "youre", "yours", "yourself"),
        *("tu", "tum", "tujhe", "tujhay", "tujh", "tuje", "tjhe", "tera", "teri", "tere", "tery"),
        *("tumhara", "tumhari", "tumhare", "tumhe", "tumhein", "tumko"),
        *("aap", "ap", "apka", "apki", "apke", "abe", "oye", "oy", "abey"),
        *("تم", "تو", "تجھے", "تجہے", "تجھ", "تجہ", "تیرا", "تیری", "تیرے"),
        *("تمہارا", "تمہاری", "تمہارے", "تمہیں", "اپ", "اپکا", "اپکی", "اوۓ", "اوے", "ابے"),
    )
)
_TARGET = re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(_TARGET_WORDS)) + r")(?![^\W_])")
_MENTION = re.compile(r"(?<!\w)@\w")
_ZERO_SCORES: dict[Category, float] = dict.fromkeys(Category, 0.0)


_WORD_RUN = re.compile(r"[^\W_]+")
#: ASCII punctuation → space: ``text.translate(_ASCII_SPACE).split()`` is ``_WORD_RUN.findall``
#: for ASCII text, several times faster.
_ASCII_SPACE = {c: " " for c in range(128) if not chr(c).isalnum()}


def _words(text: str) -> list[str]:
    if text.isascii():
        return text.translate(_ASCII_SPACE).split()
    return _WORD_RUN.findall(text)


def is_targeted(original: str, normalized: str) -> bool:
    """Does the comment address someone (second person or an @mention)?"""
    if not _TARGET_WORDS.isdisjoint(_words(normalized)):
        return True
    return "@" in original and _MENTION.search(original) is not None


def _noisy_or(scores: Iterable[float]) -> float:
    keep = 1.0
    for s in scores:
        keep *= 1.0 - s
    return min(MAX_SCORE, 1.0 - keep)


class RulesDetector:
    """Implements :class:`~hifazat.domain.detection.signal.Detector`. Pure and thread-safe."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        language_model: LanguageModel | None = None,
        patterns: bool = True,
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.language_model = language_model if language_model is not None else default_model()
        self.patterns = patterns
        self.phonetic_share = PHONETIC_SHARE

    def detect(self, text: str) -> Signal:
        return self.detect_normalized(normalize(text))

    def detect_normalized(self, norm: Normalized) -> Signal:
        original = norm.original
        language = identify(original, self.language_model)
        parts: dict[Category, list[float]] = {}
        evidence: dict[tuple[Category, int, int], Evidence] = {}

        def add(category: Category, score: float, start: int, end: int, source: str) -> None:
            parts.setdefault(category, []).append(score)
            key = (category, start, end)
            if key not in evidence:
                evidence[key] = Evidence(category, start, end, original[start:end], source)

        hits: list[Hit] = self.lexicon.find(norm.text) if norm.text else []
        targeted: bool | None = None
        for hit in hits:
            entry = hit.entry
            if entry.unless and language in entry.unless:
                continue  # a harmless word in this comment's language ("bc": because)
            start, end = norm.to_original(hit.start, hit.end)
            kind = "phonetic" if hit.phonetic else "lexicon"
            source = f"{kind}:{entry.language}"
            score = entry.score * (self.phonetic_share if hit.phonetic else 1.0)
            add(entry.category, score, start, end, source)
            if entry.category is Category.PROFANITY:
                if targeted is None:
                    targeted = is_targeted(original, norm.text)
                if targeted:
                    add(Category.HARASSMENT, score * TARGETED_SHARE, start, end, source)
        if self.patterns and norm.text:
            found: list[PatternHit] = find_all(TextView(original, norm))
            for p in found:
                add(p.category, p.score, p.start, p.end, p.source)
        scores = dict(_ZERO_SCORES)
        for c, found_scores in parts.items():
            scores[c] = round(_noisy_or(found_scores), 4)
        ordered = sorted(evidence.values(), key=lambda e: (e.start, e.end, e.category.value))
        return Signal(language=language, scores=scores, evidence=tuple(ordered))
