"""Urging self-harm: "kill yourself", "kys", "khudkushi kar lo", "مر جاؤ"."""

from __future__ import annotations

from hifazat.domain.detection.patterns.base import PatternHit, Phrase, PhraseSet, TextView
from hifazat.domain.policy.categories import Category

__all__ = ["PHRASES", "find"]

_TRIGGERS = (
    "yourself",
    "urself",
    "your self",
    "ur self",
    "yoself",
    "kys",
    "kms",
    "die",
    "bleach",
    "end your",
    "jump",
    "slit",
    "miss",
    "better",
    "khudkushi",
    "khud kushi",
    "khudkashi",
    "khud kashi",
    "suicide",
    "mar",
    "zeher",
    "zehar",
    "zahar",
    "zehr",
    "phanda",
    "phansi",
    "phaansi",
    "fanda",
    "latak",
    "خودکشی",
    "خود کشی",
    "مر",
    "ڈوب",
    "زہر",
    "پہانسی",
)

PHRASES = PhraseSet(
    Category.SELF_HARM,
    [
        Phrase(
            "en",
            r"(?:go |just |pls |please |should )?(?:kill|hang|shoot|unalive|off) "
            r"(?:yourself|urself|your self|ur self|yoself)",
            0.92,
        ),
        Phrase(
            "en",
            r"kys|kms pls|go die|go and die|(?:you|u) should (?:just )?die|"
            r"drink bleach|end your (?:life|self)|jump off (?:a |the )?(?:bridge|building|roof|"
            r"cliff)|slit your (?:wrists|throat)|nobody would miss you|"
            r"the world (?:would be|is) better without you",
            0.88,
        ),
        Phrase(
            "ur-Latn",
            r"(?:khudkushi|khud kushi|khudkashi|khud kashi|suicide)\s"
            r"(?:kar|kr|karo|kro)\s?(?:lo|le|lay|lain|len|do)",
            0.92,
        ),
        Phrase(
            "ur-Latn",
            r"(?:ja |jao |jaa |ja ke |jakar |doob ke |doob kar |dub ke |dub kar |"
            r"chullu bhar pani mein doob )?(?:mar ja|mar jao|mar jaa|mar jaye|mar jaen|mar jao tum|"
            r"marja|marjao|mar kyun nahi jate|mar kyu nahi jata|mar q nahi jata)",
            0.82,
        ),
        Phrase(
            "ur-Latn",
            r"(?:zeher|zehar|zahar|zehr)\s(?:kha|pi)\s?(?:lo|le|lay|ke mar)|"
            r"(?:phanda|phansi|phaansi|fanda)\s(?:laga|lga)\s?(?:lo|le|lay)|"
            r"(?:pankhe|pankhay) se latak (?:ja|jao)",
            0.9,
        ),
        Phrase("ur", r"خودکشی\s?کر\s?(?:لو|لے|لیں)|خود\sکشی\sکر\s?(?:لو|لے|لیں)", 0.92),
        Phrase("ur", r"مر\s?(?:جاؤ|جا|جاو|جائے|جاے)(?!\S)|ڈوب\s(?:کر|کے)\sمر\S*", 0.82),
        Phrase("ur", r"زہر\sکہا\s?(?:لو|لے)|پہانسی\s(?:لگا|لے)\s?(?:لو|لے)?", 0.9),
    ],
    _TRIGGERS,
)


def find(view: TextView) -> list[PatternHit]:
    return PHRASES.find(view, "pattern:self_harm")
