"""Sexual harassment: sexual remarks and demands, threats to leak images, sextortion."""

from __future__ import annotations

from hifazat.domain.detection.patterns.base import PatternHit, Phrase, PhraseSet, TextView
from hifazat.domain.policy.categories import Category

__all__ = ["PHRASES", "find"]

_MEDIA_EN = r"(?:pics|pictures|photos|photo|pic|videos|video|vids|nudes|images|dms|chats)"
_MEDIA_UR = (
    r"(?:pics|pic|tasveer|tasveerain|tasveeren|tasweer|tasweerain|photo|photos"
    r"|video|videos|nudes|chats)"
)
_SPREAD_UR = (
    r"(?:viral|leak|upload|share|post|public)\s?(?:kar|kr)\s?(?:dunga|doonga"
    r"|denge|dengay|dun ga|doon ga|dungi|du ga)"
)

_TRIGGERS = (
    "leak",
    "share",
    "post",
    "upload",
    "send",
    "expose",
    "show",
    "pay",
    "else",
    "viral",
    "public",
    "nude",
    "naked",
    "bikini",
    "private",
    "boobs",
    "tits",
    "body",
    "pussy",
    "breasts",
    "ass",
    "figure",
    "legs",
    "bra",
    "cup",
    "sleep",
    "sex",
    "fuck",
    "bang",
    "night",
    "hook",
    "nangi",
    "raat",
    "kitne",
    "rate",
    "sath",
    "saath",
    "bister",
    "bistar",
    "kamar",
    "تصویر",
    "ویڈیو",
    "ننگی",
    "پرائیویٹ",
    "رات",
    "کتنے",
    "ریٹ",
    "ساتہ",
)

PHRASES = PhraseSet(
    Category.SEXUAL_HARASSMENT,
    [
        Phrase(
            "sextortion",
            rf"(?:i(?:'ll| will| am going to|'m going to|m gonna| gonna)|we will)"
            rf"\s(?:leak|share|post|upload|send|expose|show)\s(?:\S+\s){{0,2}}?{_MEDIA_EN}",
            0.95,
        ),
        Phrase(
            "sextortion",
            r"(?:pay|send money|or else)\s(?:\S+\s){0,5}?(?:or )?"
            r"(?:i(?:'ll| will)|we will)\s(?:leak|share|post|expose)",
            0.95,
        ),
        Phrase(
            "sextortion",
            rf"(?:teri|tumhari|tumhari|apki|aap ki|uski|is ki)\s(?:\S+\s)?"
            rf"{_MEDIA_UR}\s(?:\S+\s){{0,2}}?{_SPREAD_UR}",
            0.95,
        ),
        Phrase("sextortion", rf"{_MEDIA_UR}\s(?:\S+\s){{0,2}}?{_SPREAD_UR}", 0.85),
        Phrase(
            "demand",
            r"send (?:me )?(?:your )?(?:nudes|nude|naked|bikini|private) ?"
            r"(?:pics|pictures|photos|pic|video)?|send nudes|"
            r"show (?:me )?(?:your )?(?:boobs|tits|body|pussy|ass|breasts)",
            0.9,
        ),
        Phrase(
            "remark",
            r"(?:nice|big|hot|sexy) (?:boobs|tits|ass|body|figure|legs)|"
            r"(?:what(?:'s| is) your|ur) (?:bra|cup) size|sleep with me|"
            r"(?:lets|let's|wanna|want to) (?:have sex|fuck|bang)|how much (?:for"
            r"|per) (?:a |one )?night|"
            r"rate per night|hook ?up with me",
            0.85,
        ),
        Phrase(
            "ur-Latn",
            r"(?:nudes|nude|nangi|private) (?:pics |pic |video |photo )?"
            r"(?:bhejo|bhej|bhejdo|send karo|dikhao)|(?:apni|tumhari) (?:nangi|private)\s\S+",
            0.9,
        ),
        Phrase(
            "ur-Latn",
            r"(?:ek|aik|1) raat (?:ka|ke|ki) (?:rate|kitna|kitne|paise)|"
            # "kitne ki ho" asks a woman her price; "ye outfit kitne ka hai" asks a price
            r"kitne ki ho|"
            r"(?:tu|tum|ye larki|yeh larki|wo|woh)\s(?:\S+\s)?kitne ki (?:hai|ho|milti)|"
            r"kitne (?:mein|main|me) milti (?:ho|hai)|rate kya hai|"
            r"mere (?:sath|saath) so(?:ja|jao|o)|"
            r"bister garam|bistar garam|(?:kamar|figure) (?:kya|kia) (?:hai|cheez)",
            0.85,
        ),
        Phrase(
            "ur",
            r"(?:تصویریں|تصویر|ویڈیو|ویڈیوز)\s(?:\S+\s){0,2}?(?:وائرل|لیک|اپلوڈ)\s"
            r"(?:کر\s?)?(?:دوں|دیں)\s?(?:گا|گے)",
            0.95,
        ),
        Phrase(
            "ur",
            r"(?:ننگی|پرائیویٹ)\s(?:تصویریں|تصویر|ویڈیو)\s?(?:بہیجو|بہیج|دکہاؤ)?|"
            r"ایک\sرات\s(?:کا|کے|کی)|کتنے\sکی\sہو|ریٹ\sکیا\sہے|میرے\sساتہ\sسو",
            0.9,
        ),
    ],
    _TRIGGERS,
)


def find(view: TextView) -> list[PatternHit]:
    hits = PHRASES.find(view, "pattern:sexual")
    for h in list(hits):
        if ":sextortion" in h.source:
            hits.append(PatternHit(Category.THREAT, h.start, h.end, 0.75, h.source))
    return hits
