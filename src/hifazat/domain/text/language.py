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
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from importlib import resources
from operator import add
from typing import cast

__all__ = ["LanguageModel", "default_model", "identify"]

_LATIN_WORD = re.compile(r"[a-z]+")
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|&\w+;|\brt\b")
#: Letters used in Urdu but not in Arabic: their presence rules out Arabic.
_MEMO_LIMIT = 200_000
_URDU_ONLY = frozenset("ٹڈڑںےۓھہۂۃیکگپچژ")
_ARABIC_ONLY = frozenset("ةيكىه")


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ARABIC_LETTER = re.compile(
    r"[\u0621-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)
_ANY_LETTER = re.compile(r"[^\W\d_]")
_LATIN_RUN = re.compile(_LATIN_LETTER.pattern + "+")
_ARABIC_RUN = re.compile(_ARABIC_LETTER.pattern + "+")
_ANY_RUN = re.compile(_ANY_LETTER.pattern + "+")


def _count(runs: re.Pattern[str], text: str) -> int:
    """Letters in ``text`` matched by ``runs`` (counted a run at a time: fewer match objects)."""
    return sum(map(len, runs.findall(text)))


@dataclass(frozen=True, slots=True)
class LanguageModel:
    """Log-odds weights: positive means Roman Urdu, negative English."""

    words: dict[str, float]
    trigrams: dict[str, float]
    bias: float = 0.0
    _memo: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # One look-up table: the shipped words first, then the memoised trigram scores.
        self._memo.update(self.words)

    def word_score(self, word: str) -> float:
        w = self._memo.get(word)
        if w is not None:
            return w
        w = self._trigram_score(word)
        if len(self._memo) < len(self.words) + _MEMO_LIMIT:
            self._memo[word] = w
        return w

    def _trigram_score(self, word: str) -> float:
        padded = f"<{word}>"
        grams = [padded[i : i + 3] for i in range(len(padded) - 2)]
        if not grams:
            return 0.0
        tri = self.trigrams
        return sum(tri.get(g, 0.0) for g in grams) / len(grams)

    def latin_scores(self, text: str) -> tuple[float, int, int]:
        """(total log-odds, Roman Urdu leaning words, English leaning words) of lower-case text."""
        words = _LATIN_WORD.findall(text)
        found = list(map(self._memo.get, words))  # C-speed look-ups; None: not seen yet
        scores: list[float] = (
            [self.word_score(w) if s is None else s for w, s in zip(words, found, strict=True)]
            if None in found
            else cast("list[float]", found)
        )
        # added one by one from the bias, as a plain loop would (same rounding)
        total: float = reduce(add, scores, self.bias)
        ur = len([s for s in scores if s > 0.5])
        en = len([s for s in scores if s < -0.5])
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


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _has_noise(text: str) -> bool:
    """Exactly "does ``_NOISE`` match somewhere", with substring tests instead of the regex."""
    if "@" in text or "#" in text or "&" in text or "http" in text or "www." in text:
        return True
    n = len(text)
    i = text.find("rt")
    while i >= 0:  # "rt" as a whole word (\brt\b)
        if (i == 0 or not _is_word_char(text[i - 1])) and (
            i + 2 >= n or not _is_word_char(text[i + 2])
        ):
            return True
        i = text.find("rt", i + 1)
    return False


#: Share of the minority script's letters from which a comment counts as mixed.
MIXED_SCRIPT_SHARE = 0.2
#: ... or from this many letters of each script (one word of the other script).
MIXED_SCRIPT_LETTERS = 3
#: Share of words leaning each way (with at least two each) from which Latin text is mixed.
MIXED_WORD_SHARE = 0.3
MIXED_MIN_WORDS = 3


def identify(text: str, model: LanguageModel | None = None) -> str:
    """``en``, ``ur`` (Arabic script), ``ur-Latn`` (Roman Urdu), ``mixed`` or ``other``."""
    if not text:
        return "other"
    clean = text.lower()
    if _has_noise(clean):
        clean = _NOISE.sub(" ", clean)
    if clean.isascii():  # fast path: Latin script or nothing
        latin, arabic, other = (1 if _LATIN_LETTER.search(clean) else 0), 0, 0
    else:
        latin = _count(_LATIN_RUN, clean)
        arabic = _count(_ARABIC_RUN, clean)
        # Other letters only matter when they outnumber Latin and Arabic together, which they
        # cannot when those two make half the text: count them only when they could.
        other = 0
        if 2 * (latin + arabic) < len(clean):
            other = max(0, _count(_ANY_RUN, clean) - latin - arabic)
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
    total, ur, en = m.latin_scores(clean)
    words = ur + en
    if min(ur, en) >= MIXED_MIN_WORDS and min(ur, en) >= MIXED_WORD_SHARE * words:
        return "mixed"
    return "ur-Latn" if total > 0 else "en"
