"""Normalisation for matching, with a map back to the original text.

``normalize(text)`` folds the many ways people write the same word so that lexicons and phrase
patterns see one spelling:

* per character: Unicode NFKC, casefold, removal of zero-width/bidi controls, combining marks
  (Latin accents, Urdu/Arabic harakat, shadda) and tatweel, homoglyph folding (Cyrillic, Greek,
  fullwidth look-alikes), Arabic vs Urdu letter variants (ي/ی, ك/ک, ه/ہ/ھ …), Urdu and
  Arabic-Indic digits to ASCII;
* over sequences: leetspeak next to Latin letters (``kutt@`` → ``kutta``), letters split by
  spaces, dots, dashes or asterisks (``k u t t a`` → ``kutta``) and stretched letters
  (``kuttaaaa`` → ``kutta``).

Every character of the result knows which span of the original it came from, so evidence found
in the normalised text can be reported with offsets into what the user actually wrote.

:func:`phonetic_key` folds Roman Urdu spelling variants (``kutta/kuta/kuttaa/kuttey/kutte``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalized", "fold_chars", "fold_digits", "normalize", "phonetic_key"]

# --------------------------------------------------------------------------------------------
# Per-character table
# --------------------------------------------------------------------------------------------

_REMOVE = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]  # zero-width space/joiners, LRM, RLM
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2060, 0x2065)]  # word joiner, invisible operators
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
    + ["\ufeff", "\u00ad", "\u061c", "\u034f", "\u180e", "\u0640"]  # BOM, SHY, ALM, CGJ, tatweel
)

#: Look-alikes of Latin letters (after NFKC + casefold, so only lower case is needed).
_HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "ɡ": "g", "һ": "h", "ո": "n", "ս": "u", "ɑ": "a", "ı": "i",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "μ": "u",
    # Latin small capitals and other look-alikes
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ғ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s",
    "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ø": "o", "ð": "d", "ł": "l",
    "đ": "d", "ħ": "h", "ŧ": "t", "ƒ": "f", "€": "e", "£": "l", "¢": "c", "©": "c", "®": "r",
}  # fmt: skip

#: Arabic letter variants folded to the Urdu form (and a few Persian/Arabic ones).
_URDU_VARIANTS: dict[str, str] = {
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ێ": "ی",
    "ك": "ک", "ڪ": "ک",
    "ه": "ہ", "ھ": "ہ", "ة": "ہ", "ۃ": "ہ", "ۀ": "ہ", "ە": "ہ",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ۏ": "و",
    "ۓ": "ے",
    "ٶ": "و", "ٸ": "ی",
    "،": ",", "؛": ";", "؟": "?", "۔": ".", "٪": "%",
}  # fmt: skip


def _digit_fold(ch: str) -> str:
    if "0" <= ch <= "9":
        return ch
    d = unicodedata.decimal(ch, -1)
    return str(d) if d >= 0 else ch


def _fold_char_once(ch: str) -> str:
    if ch in _REMOVE:
        return ""
    cat = unicodedata.category(ch)
    if cat == "Cf":  # any other format control
        return ""
    out: list[str] = []
    for c in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(c) or unicodedata.category(c) == "Mn" or c in _REMOVE:
            continue
        out.append(c)
    s = unicodedata.normalize("NFKC", "".join(out)).casefold()
    folded = []
    for c in s:
        c = _HOMOGLYPHS.get(c, c)
        c = _URDU_VARIANTS.get(c, c)
        if unicodedata.category(c) == "Nd":
            c = _digit_fold(c)
        folded.append(c)
    return "".join(folded)


def _fold_char(ch: str) -> str:
    """Fold one character to a fixed point (so folding is idempotent)."""
    out = _fold_char_once(ch)
    for _ in range(4):
        again = "".join(_fold_char_once(c) for c in out)
        if again == out:
            break
        out = again
    return out


class _Table(dict[str, str]):
    """Character → folded string, filled lazily (safe to share between threads)."""

    def __missing__(self, key: str) -> str:
        value = _fold_char(key)
        self[key] = value
        return value


_TABLE = _Table()
_DIGITS = {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x0660, 0x066A)}
_DIGITS.update({cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x06F0, 0x06FA)})
_DIGITS.update({cp: str(unicodedata.decimal(chr(cp))) for cp in range(0xFF10, 0xFF1A)})
_DIGITS.update({cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x0966, 0x0970)})
_FOLDED_DIGIT = re.compile("[" + "".join(map(chr, sorted(_DIGITS))) + "]")


def fold_chars(text: str) -> str:
    """Fold the non-ASCII characters of ``text`` as :func:`normalize` does (for regex sources)."""
    return "".join(c if c.isascii() else _TABLE[c] for c in text)


def fold_digits(text: str) -> str:
    """Urdu, Arabic-Indic, Devanagari and fullwidth digits to ASCII; same length as ``text``."""
    if text.isascii() or _FOLDED_DIGIT.search(text) is None:
        return text
    return text.translate(_DIGITS)


# --------------------------------------------------------------------------------------------
# Sequence stages
# --------------------------------------------------------------------------------------------

_LEET = {"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s",
         "7": "t", "9": "g", "8": "b", "+": "t", "|": "l", "€": "e"}  # fmt: skip
# Leet characters touching a Latin letter; "!" and "|" only when a letter follows ("sh!t").
_LEET_RE = re.compile(r"(?<=[a-z])[@4310$579+8]+|[@4310$579+8!|]+(?=[a-z])")
# Three or more single characters separated by spaces, dots, dashes, asterisks …
_SPLIT_RE = re.compile(
    r"(?<![^\W_])(?:[^\W_]|[@$])(?:[ .\-*_·•~]{1,3}(?:[^\W_]|[@$])){2,}(?![^\W_])"
)
_SPLIT_SEP = re.compile(r"[ .\-*_·•~]+")
_ONE_LETTER_WORDS = frozenset("aiuoy")
_STRETCH_RE = re.compile(r"([^\W\d_])\1{2,}")

_Spans = Sequence[int]
#: (replacement, [(first source index, last source index + 1) per replacement character])
_Edit = tuple[str, list[tuple[int, int]]]


_LEET_TABLE = str.maketrans(_LEET)


def _leet(m: re.Match[str]) -> str:
    return m.group().translate(_LEET_TABLE)


def _split(m: re.Match[str]) -> _Edit | None:
    s = m.group()
    base = m.start()
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    letters = 0
    keep_until = 0
    # "you are a k u t t a": a leading one-letter word stays apart from the split word
    if s[0] in _ONE_LETTER_WORDS and s[1] == " " and len(_SPLIT_SEP.split(s)) >= 4:
        keep_until = len(s) - len(s[1:].lstrip(" .-*_·•~"))
        for i in range(keep_until):
            chars.append(s[i])
            spans.append((base + i, base + i + 1))
    for i in range(keep_until, len(s)):
        c = s[i]
        if _SPLIT_SEP.fullmatch(c):
            continue
        chars.append(c)
        spans.append((base + i, base + i + 1))
        letters += c.isalpha()
    if letters < 2:
        return None
    return "".join(chars), spans


def _stretch(m: re.Match[str]) -> _Edit | None:
    return m.group(1), [(m.start(), m.end())]


# Cheap exact or necessary conditions for each stage, so that most comments skip the stage's
# (slower) regex: a C-speed character-class scan costs a fraction of a lookbehind alternation.
# Exactly where ``_LEET_RE`` can match: a leet character before a letter, or after one.
_LEET_GATE = re.compile(r"[a-z][@4310$579+8]|[@4310$579+8!|][a-z]")
_SPLIT_GATE = re.compile(r"[ .\-*_·•~](?:[^\W_]|[@$])[ .\-*_·•~]{1,3}(?:[^\W_]|[@$])(?![^\W_])")
_STRETCH_GATE = re.compile(r"(.)\1\1")


def _leet_possible(text: str) -> bool:
    """Exactly "does ``_LEET_RE`` match somewhere", without its lookbehind alternation."""
    return _LEET_GATE.search(text) is not None


_Stage = Callable[[str, _Spans, _Spans], "tuple[str, _Spans, _Spans] | None"]


def _leet_stage(text: str, starts: _Spans, ends: _Spans) -> tuple[str, _Spans, _Spans] | None:
    """Leetspeak is one character for one, so the offsets stay as they are."""
    if not _leet_possible(text):
        return None
    out = _LEET_RE.sub(_leet, text)
    return None if out == text else (out, starts, ends)


def _split_stage(text: str, starts: _Spans, ends: _Spans) -> tuple[str, _Spans, _Spans] | None:
    if _SPLIT_GATE.search(text) is None:
        return None
    return _apply(text, starts, ends, _SPLIT_RE, _split)


def _stretch_stage(text: str, starts: _Spans, ends: _Spans) -> tuple[str, _Spans, _Spans] | None:
    if _STRETCH_GATE.search(text) is None:
        return None
    return _apply(text, starts, ends, _STRETCH_RE, _stretch)


_STAGES: tuple[_Stage, ...] = (_leet_stage, _split_stage, _stretch_stage)


def _apply(
    text: str,
    starts: _Spans,
    ends: _Spans,
    pattern: re.Pattern[str],
    fn: Callable[[re.Match[str]], _Edit | None],
) -> tuple[str, _Spans, _Spans] | None:
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    changed = False
    for m in pattern.finditer(text):
        edit = fn(m)
        if edit is None:
            continue
        repl, spans = edit
        if repl == m.group() and all(b - a == 1 for a, b in spans):
            continue
        changed = True
        a = m.start()
        pieces.append(text[last:a])
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        pieces.append(repl)
        for i0, i1 in spans:
            new_starts.append(starts[i0])
            new_ends.append(ends[i1 - 1])
        last = m.end()
    if not changed:
        return None
    pieces.append(text[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return "".join(pieces), new_starts, new_ends


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text; ``offsets[i]``/``ends[i]`` is the original span of ``text[i]``."""

    original: str
    text: str
    offsets: Sequence[int]
    ends: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to the ``(start, end)`` of the original text it came from."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == end:
            pos = self.offsets[start] if start < n else len(self.original)
            return pos, pos
        return self.offsets[start], self.ends[end - 1]

    def original_slice(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see the module docstring for what is folded."""
    n = len(text)
    starts: _Spans
    ends: _Spans
    if text.isascii():
        out = text.lower()
        starts, ends = range(n), range(1, n + 1)
    else:
        table = _TABLE
        parts = [table[c] for c in text]
        out = "".join(parts)
        if len(out) == n and "" not in parts:
            starts, ends = range(n), range(1, n + 1)
        else:
            s_list: list[int] = []
            e_list: list[int] = []
            for i, p in enumerate(parts):
                if p:
                    k = len(p)
                    s_list.extend([i] * k)
                    e_list.extend([i + 1] * k)
            starts, ends = s_list, e_list
    for _ in range(8):
        changed = False
        for stage in _STAGES:
            res = stage(out, starts, ends)
            if res is not None:
                out, starts, ends = res
                changed = True
        if not changed:
            break
    return Normalized(text, out, starts, ends)


# --------------------------------------------------------------------------------------------
# Roman Urdu phonetic key
# --------------------------------------------------------------------------------------------

_PHONETIC_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"[^a-z]", ""),
        (r"ph", "f"),
        (r"sh", "x"),
        (r"ch", "c"),
        (r"(?<=[bdgjkpt])h", ""),  # aspirates: bh dh gh jh kh ph th → b d g j k p t
        (r"ck", "k"),
        (r"q", "k"),
        (r"w", "v"),
        (r"ee|ie", "i"),
        (r"oo|ou", "u"),
        (r"(.)\1+", r"\1"),  # double letters: kutta → kuta
        (r"iy(?=[aeiou])", "y"),  # chutiya → chutya
        (r"a[iye]|e[iy]", "e"),
        (r"au|aw", "o"),
        (r"(?<=[^aeiou])y(?=[^aeiou]|$)", "i"),
        (r"(?<=[aeiou])h$", ""),  # kameenah → kameena
        (r"[aeiou]+$", "a"),  # final vowel: kutta/kutte/kutti/kuttey meet
        (r"(.)\1+", r"\1"),
    )
)


@lru_cache(maxsize=1 << 16)
def phonetic_key(word: str) -> str:
    """Roman Urdu spelling key: ``kutta/kuta/kuttaa/kuttey/kutte`` all give ``kuta``."""
    key = normalize(word).text if not word.isascii() else word.lower()
    for pattern, repl in _PHONETIC_STEPS:
        key = pattern.sub(repl, key)
    return key
