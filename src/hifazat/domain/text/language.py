"""Language identification per comment: ``en``, ``ur``, ``ur-Latn``, ``mixed`` or ``other``.

* Script first: Arabic-script letters mean Urdu (``ur``), Latin letters English or Roman Urdu,
  anything else ``other``. Enough letters of both scripts make a comment ``mixed``.
* Latin text is scored word by word with a small table of log-odds weights (Roman Urdu vs
  English) shipped in ``lexicons/language_words.tsv``; words not in the table fall back to
  character trigram weights from the same file. The table is built from RUHSOLD (Roman Urdu) and
  Davidson (English); accuracy is in docs/detection.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["LanguageModel", "default_model", "identify", "script_counts"]

_LATIN_WORD = re.compile(r"[a-z]+")
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|&\w+;|\brt\b")
#: Letters used in Urdu but not in Arabic: their presence rules out Arabic.
_URDU_ONLY = frozenset("ٹڈڑںےۓھہۂۃیکگپچژ")
_ARABIC_ONLY = frozenset("ةيكىه")


def script_counts(text: str) -> tuple[int, int, int]:
    """(Latin letters, Arabic-script letters, other letters)."""
    latin = arabic = other = 0
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                latin += 1
        elif ch.isalpha():
            cp = ord(ch)
            if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFEFF:
                arabic += 1
            elif cp <= 0x024F:
                latin += 1
            else:
                other += 1
    return latin, arabic, other


@dataclass(frozen=True, slots=True)
class LanguageModel:
    """Log-odds weights: positive means Roman Urdu, negative English."""

    words: dict[str, float]
    trigrams: dict[str, float]
    bias: float = 0.0

    def word_score(self, word: str) -> float:
        w = self.words.get(word)
        if w is not None:
            return w
        padded = f"<{word}>"
        grams = [padded[i : i + 3] for i in range(len(padded) - 2)]
        if not grams:
            return 0.0
        tri = self.trigrams
        return sum(tri.get(g, 0.0) for g in grams) / len(grams)

    def latin_scores(self, text: str) -> tuple[float, int, int]:
        """(total log-odds, Roman Urdu leaning words, English leaning words)."""
        total = self.bias
        ur = en = 0
        for word in _LATIN_WORD.findall(_NOISE.sub(" ", text.lower())):
            s = self.word_score(word)
            total += s
            if s > 0.5:
                ur += 1
            elif s < -0.5:
                en += 1
        return total, ur, en


def parse_model(text: str) -> LanguageModel:
    words: dict[str, float] = {}
    trigrams: dict[str, float] = {}
    bias = 0.0
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, key, value = line.split("\t")
        if kind == "w":
            words[key] = float(value)
        elif kind == "t":
            trigrams[key] = float(value)
        elif kind == "b":
            bias = float(value)
    return LanguageModel(words, trigrams, bias)


@lru_cache(maxsize=1)
def default_model() -> LanguageModel:
    path = resources.files("hifazat.domain.text").joinpath("lexicons", "language_words.tsv")
    if not path.is_file():
        return LanguageModel({}, {})
    return parse_model(path.read_text("utf-8"))


#: Share of the minority script's letters from which a comment counts as mixed.
MIXED_SCRIPT_SHARE = 0.2
#: ... or from this many letters of each script (one word of the other script).
MIXED_SCRIPT_LETTERS = 3
#: Share of words leaning each way (with at least two each) from which Latin text is mixed.
MIXED_WORD_SHARE = 0.3
MIXED_MIN_WORDS = 3


def identify(text: str, model: LanguageModel | None = None) -> str:
    """``en``, ``ur`` (Arabic script), ``ur-Latn`` (Roman Urdu), ``mixed`` or ``other``."""
    latin, arabic, other = script_counts(_NOISE.sub(" ", text.lower()) if text else text)
    letters = latin + arabic + other
    if letters == 0:
        return "other"
    if other > latin + arabic:
        return "other"
    minority = min(arabic, latin)
    if minority and (
        minority >= MIXED_SCRIPT_LETTERS or minority >= MIXED_SCRIPT_SHARE * (arabic + latin)
    ):
        return "mixed"
    if arabic >= latin:
        chars = set(text)
        if not chars & _URDU_ONLY and chars & _ARABIC_ONLY:
            return "other"
        return "ur"
    m = model or default_model()
    total, ur, en = m.latin_scores(text)
    words = ur + en
    if min(ur, en) >= MIXED_MIN_WORDS and min(ur, en) >= MIXED_WORD_SHARE * words:
        return "mixed"
    return "ur-Latn" if total > 0 else "en"
