"""Obfuscated copies of test rows: the tricks people use to slip past keyword filters."""

from __future__ import annotations

import random
from collections.abc import Callable

_LEET = {"a": "@", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7", "g": "9"}
_HOMOGLYPH = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}
_ZW = "\u200b"
_TATWEEL = "\u0640"


def _words(text: str, rng: random.Random, f: Callable[[str], str], share: float = 0.5) -> str:
    words = text.split(" ")
    return " ".join(f(w) if len(w) > 2 and rng.random() < share else w for w in words)


def leet(text: str, rng: random.Random) -> str:
    return _words(text, rng, lambda w: "".join(_LEET.get(ch, ch) for ch in w))


def spacing(text: str, rng: random.Random) -> str:
    sep = rng.choice([" ", ".", "-", "*"])
    return _words(text, rng, lambda w: sep.join(w), share=0.3)


def stretch(text: str, rng: random.Random) -> str:
    def f(w: str) -> str:
        k = rng.randrange(len(w))
        return w[:k] + w[k] * rng.randint(3, 6) + w[k + 1 :]

    return _words(text, rng, f)


def homoglyph(text: str, rng: random.Random) -> str:
    return "".join(_HOMOGLYPH.get(ch, ch) if rng.random() < 0.6 else ch for ch in text)


def zero_width(text: str, rng: random.Random) -> str:
    return _words(text, rng, lambda w: _ZW.join(w))


def tatweel(text: str, rng: random.Random) -> str:
    """Kashida inside Arabic-script words (Latin text gets zero-width joiners instead)."""

    def f(w: str) -> str:
        if any("\u0600" <= ch <= "\u06ff" for ch in w):
            return _TATWEEL.join(w)
        return "\u200d".join(w)

    return _words(text, rng, f)


TRICKS: dict[str, Callable[[str, random.Random], str]] = {
    "leet": leet,
    "spacing": spacing,
    "stretch": stretch,
    "homoglyph": homoglyph,
    "zero_width": zero_width,
    "tatweel": tatweel,
}


def obfuscate(text: str, index: int, seed: int = 7) -> tuple[str, str]:
    """A deterministic obfuscated copy of ``text``; the trick cycles with ``index``."""
    rng = random.Random(f"{seed}:{index}:{text}")
    name = list(TRICKS)[index % len(TRICKS)]
    return TRICKS[name](text, rng), name
