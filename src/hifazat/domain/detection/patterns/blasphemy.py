"""Blasphemy accusations in English, Roman Urdu and Urdu, with precision in mind.

An accusation can incite offline violence, so these go to a top-priority human lane; but
quoting, reporting or condemning an accusation ("stop calling people gustakh", "false blasphemy
accusations are dangerous", "he was accused of blasphemy") is not accusing. Such a comment keeps
its evidence but scores below the threshold.
"""

from __future__ import annotations

import re

from hifazat.domain.detection.patterns.base import PatternHit, Phrase, PhraseSet, TextView
from hifazat.domain.policy.categories import Category

__all__ = ["PHRASES", "find"]

_GUSTAKH = r"(?:gustakh|gustaakh|gustak|gustakhe|gustakh-e|gustakh e)"
_RASOOL = r"(?:rasool|rasul|rasoolallah|nabi|paighambar|sahaba|quran|islam|deen|mazhab)"

_TRIGGERS = (
    "wajib",
    "tan se",
    "tan say",
    "juda",
    "gustakh",
    "gustaakh",
    "gustak",
    "shatim",
    "shaatim",
    "toheen",
    "tauheen",
    "tohin",
    "touheen",
    "tauhin",
    "murtad",
    "kafir",
    "kaafir",
    "qadiani",
    "mirzai",
    "blasphem",
    "apostate",
    "insulted",
    "واجب",
    "تن سے",
    "گستاخ",
    "شاتم",
    "توہین",
    "مرتد",
    "کافر",
    "قادیانی",
    "مرزائی",
)

PHRASES = PhraseSet(
    Category.BLASPHEMY_ACCUSATION,
    [
        # calls for killing: accusation and threat in one
        Phrase(
            "incitement",
            r"wajib[\s\-]?ul[\s\-]?qatl|wajibul qatl|wajib ul katl|"
            r"sar tan se juda|sar tan say juda|sir tan se juda|"
            r"(?:ek hi saza|aik hi saza|ek hi sazaa)[^.!?]{0,20}(?:sar tan|juda)",
            0.95,
        ),
        Phrase("ur", r"واجب\s?القتل|سر\sتن\sسے\sجدا|گستاخ\sکی\sایک\sہی\sسزا", 0.95),
        Phrase("ur-Latn", rf"{_GUSTAKH}[\s\-]?(?:e[\s\-]?)?{_RASOOL}", 0.9),
        Phrase("ur-Latn", rf"{_GUSTAKH}\w*", 0.7),
        Phrase(
            "ur-Latn",
            r"(?:shatim|shaatim)(?:[\s\-]?e)?[\s\-]?(?:rasool|rasul)|"
            r"(?:toheen|tauheen|tohin|touheen|tauhin)[\s\-]?(?:e[\s\-]?)?(?:risalat|"
            r"rasalat|rasool|quran|mazhab)\s(?:ki|kiya|ki hai|kar|karta|karti|karne)\w*",
            0.85,
        ),
        Phrase(
            "ur-Latn",
            r"(?:ye|yeh|wo|woh|tu|tum|ye aurat|ye banda)\s(?:\S+\s){0,2}?"
            r"(?:murtad|kafir|kaafir|qadiani|mirzai)\s(?:hai|ho|he|hain|h)",
            0.75,
        ),
        Phrase(
            "en",
            r"(?:is|are|you(?:'re| are)|u r|ur|she'?s|he'?s|they'?re|a|this)\s"
            r"(?:\S+\s){0,2}?(?:blasphemer|blasphemers|apostate)",
            0.85,
        ),
        Phrase(
            "en",
            r"(?:committed|commits|committing|did|does)\s(?:\S+\s)?blasphemy|"
            r"insulted (?:the )?(?:prophet|holy prophet|quran|islam)|"
            r"(?:should|must) be (?:punished|killed|hanged) for blasphemy",
            0.85,
        ),
        Phrase("en", r"blasphemer|blasphemous", 0.6),
        Phrase("ur", r"گستاخ\s?(?:رسول|نبی|قران|صحابہ|اسلام)|گستاخِ\s?رسول", 0.9),
        Phrase("ur", r"گستاخ\S*", 0.7),
        Phrase(
            "ur",
            r"شاتم\s?(?:رسول)?|توہین\s?(?:رسالت|قران|مذہب|مذہبی)\s(?:کی|کرتا|کرتی|کرنے|"
            r"کا مرتکب|کی مرتکب)\S*",
            0.85,
        ),
        Phrase(
            "ur",
            r"(?:یہ|وہ|تم|تو)\s(?:\S+\s){0,2}?(?:مرتد|کافر|قادیانی|مرزائی)\s(?:ہے|ہو|ہیں)",
            0.75,
        ),
        Phrase("ur", r"توہین\s?رسالت|توہین\s?مذہب", 0.45),
        Phrase("en", r"blasphemy", 0.35),
        Phrase(
            "ur-Latn",
            r"(?:toheen|tauheen|tohin)[\s\-]?(?:e[\s\-]?)?(?:risalat|rasalat|mazhab)",
            0.45,
        ),
    ],
    _TRIGGERS,
)

#: Reporting, quoting, condemning or denying an accusation.
COUNTER = re.compile(
    r"(?<![^\W_])(?:stop|don'?t|do not|never|not|isn'?t|wasn'?t|false(?:ly)?|fake|baseless|"
    r"wrong(?:ly|ful(?:ly)?)?|misuse|misused|accused|accusation|accusations|allegation|"
    r"allegations|alleged|allegedly|charged|charges|law|laws|section|295|court|acquitted|"
    r"mob|lynching|vigilante|dangerous|condemn|condemns|"
    r"jhoota|jhoota ilzam|jhootay|jhoote|jhuta|ghalat|galat|ilzam|ilzaam|mat|na kaho|mat kaho|"
    r"mat bolo|nahi hai|nahi he|nai hai|qanoon|adalat|bari|"
    r"جہوٹا|جہوٹے|جہوٹی|غلط|الزام|قانون|عدالت|مت|نہیں|بری)(?![^\W_])"
)
#: Quotation marks around the match mean it is being quoted, not said.
_QUOTES = "\"'“”‘’«»"


def _quoted(text: str, a: int, b: int) -> bool:
    before = text[max(0, a - 2) : a]
    after = text[b : b + 2]
    return any(q in before for q in _QUOTES) and any(q in after for q in _QUOTES)


def find(view: TextView) -> list[PatternHit]:
    hits = PHRASES.find(view, "pattern:blasphemy")
    if not hits:
        return hits
    text = view.norm.text
    countered = COUNTER.search(text) is not None
    out: list[PatternHit] = []
    for h in hits:
        if countered or _quoted(view.original, h.start, h.end):
            h = PatternHit(h.category, h.start, h.end, min(h.score, 0.25), h.source + ":countered")
        out.append(h)
    incitement = [h for h in out if h.source.endswith(":incitement")]
    if not countered:
        out.extend(PatternHit(Category.THREAT, h.start, h.end, 0.9, h.source) for h in incitement)
    return out
