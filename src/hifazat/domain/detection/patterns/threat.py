"""Threats of violence, including "honour" threats, in English, Roman Urdu and Urdu."""

from __future__ import annotations

import re

from hifazat.domain.detection.patterns.base import PatternHit, Phrase, PhraseSet, TextView
from hifazat.domain.policy.categories import Category

__all__ = ["PHRASES", "find"]

_I_WILL = (
    r"(?:i|we|i'?m|im|we'?re)\s?(?:'ll|ll|will|shall|am going to|going to|gonna|are going to|"
    r"are gonna|gon)"
)
_VIOLENCE = (
    r"(?:kill|murder|shoot|stab|behead|slaughter|butcher|strangle|choke|hang|burn|lynch|rape|"
    r"bury|hunt (?:you|u) down|find (?:you|u)|beat|smash|break (?:your|ur)|slit|throw acid|"
    r"acid)"
)
_URD_WILL = (
    r"(?:dunga|doonga|dun ga|denge|dengay|dainge|den ge|doon ga|do ga|dalunga"
    r"|daalunga|dalenge|daalenge|deta hun|dega|degi|lunga|loonga|lenge|lengay)"
)

_TRIGGERS = (
    "kill",
    "murder",
    "shoot",
    "stab",
    "behead",
    "slaughter",
    "butcher",
    "strangle",
    "choke",
    "hang",
    "burn",
    "lynch",
    "rape",
    "bury",
    "hunt",
    "find",
    "beat",
    "smash",
    "break",
    "slit",
    "acid",
    "die",
    "dead",
    "back",
    "live",
    "numbered",
    "regret",
    "pay",
    "stoned",
    "maar",
    "mar",
    "khatam",
    "qatl",
    "qatal",
    "katal",
    "goli",
    "kaat",
    "kat",
    "gaar",
    "jala",
    "tukde",
    "tukre",
    "tukray",
    "utha",
    "dekh",
    "bahar",
    "bahir",
    "bahr",
    "chod",
    "chhod",
    "chor",
    "tezaab",
    "tezab",
    "ghairat",
    "gherat",
    "izzat",
    "مار",
    "قتل",
    "کاٹ",
    "جلا",
    "ٹکڑے",
    "ختم",
    "دیکہ",
    "زندہ",
    "تیزاب",
    "غیرت",
    "عزت",
    "اٹہا",
)

PHRASES = PhraseSet(
    Category.THREAT,
    [
        Phrase("en", rf"{_I_WILL}\s(?:\w+\s){{0,2}}?{_VIOLENCE}\w*", 0.9),
        Phrase(
            "en",
            r"(?:you|u|ur family|your family)\s(?:will|are going to|gonna)\s"
            r"(?:die|be killed|be dead|pay for this|regret)",
            0.85,
        ),
        Phrase(
            "en",
            r"(?:you(?:'re| are)|ur|u r) (?:dead|a dead (?:man|woman))|"
            r"watch your back|i know where (?:you|u) live|your days are numbered|"
            r"(?:you|u) won'?t live|(?:should|must|will) be (?:killed|shot|hanged|beheaded|"
            r"burned|stoned)|deserves? to (?:die|be killed|be shot|be hanged)",
            0.85,
        ),
        Phrase("ur-Latn", r"jaan se (?:maar|mar|maardo|mardo)\w*", 0.92),
        Phrase(
            "ur-Latn",
            rf"(?:maar|mar|maardal|khatam kar|qatl kar|katal kar|goli maar|goli mar|"
            rf"kaat|kat|gaar|zinda jala|jala|tukde kar|tukre kar|tukray kar|utha)\s?{_URD_WILL}",
            0.88,
        ),
        Phrase(
            "ur-Latn",
            r"(?:tumhe|tujhe|tujhay|tjhe|tumhein|tum ko|tujh ko|tu)\s(?:\S+\s){0,2}?"
            r"dekh (?:lunga|loonga|lenge|lengay|lun ga)",
            0.8,
        ),
        Phrase(
            "ur-Latn",
            r"dekh (?:lunga|loonga|lenge|lengay|lun ga)\s(?:tumhe|tujhe|tjhe|tujhay|"
            r"tum ko|tujh ko)",
            0.8,
        ),
        Phrase(
            "ur-Latn",
            r"(?:zinda )?(?:nahi|nai|nahin|ni) (?:chodunga|chhodunga|chorunga|"
            r"chodenge|chhodenge|chorenge|chodoon ga|chodun ga)",
            0.75,
        ),
        Phrase(
            "ur-Latn",
            r"(?:tezaab|tezab|acid)\s(?:\S+\s){0,2}?(?:phenk|phaink|dal|daal|"
            r"fenk)\w*",
            0.9,
        ),
        Phrase(
            "ur-Latn",
            r"(?:ghar se|raste se|rastay se)\s(?:\S+\s)?utha (?:lenge|lunga|"
            r"lengay|len ge)",
            0.85,
        ),
        Phrase(  # "honour" policing: "ghar se bahar nikli to dekh lena"
            "ur-Latn",
            r"(?:bahar|bahir|bahr)\s(?:nikli|nikla|niklo|nikli to|nikal|nikal ke|nikal kar|"
            r"aayi|aai|ayi|gayi|gai)\s(?:\S+\s){0,3}?(?:dekh (?:lena|lo|lenge|lunga|lengay|"
            r"leinge)|dekhna|maar (?:denge|dunga|dalenge)|tangein tod|tangen tod|taangen tod)",
            0.85,
        ),
        Phrase(
            "ur-Latn",
            r"(?:ghairat|gherat|izzat)\s(?:ke|kay|ki)\s(?:naam|naam par|khatir|"
            r"liye)\s(?:\S+\s){0,3}?(?:qatl|maar|mar|khatam|jaan)\w*",
            0.9,
        ),
        Phrase(
            "ur-Latn",
            r"(?:qatl|katal|qatal) (?:kar do|kardo|karo|kar dena|kar diya jaye|"
            r"hona chahiye|kar dein)",
            0.85,
        ),
        Phrase(
            "ur", r"جان سے مار\S*(?:\s(?:دوں|دیں|ڈالوں|ڈالیں|دیا)\S*)?(?:\s(?:گا|گے|گی))?", 0.92
        ),
        Phrase(
            "ur",
            r"(?:مار|قتل کر|گولی مار|کاٹ|جلا|ٹکڑے کر|ختم کر)\s?(?:دوں|دیں|ڈالوں|ڈالیں)"
            r"\s?(?:گا|گے|گی)",
            0.88,
        ),
        Phrase("ur", r"دیکہ\s(?:لوں|لیں)\s?(?:گا|گے)", 0.8),
        Phrase("ur", r"زندہ\sنہیں\sچہوڑ\S*", 0.85),
        Phrase("ur", r"تیزاب\s(?:\S+\s){0,2}?(?:پہینک|ڈال)\S*", 0.9),
        Phrase("ur", r"(?:غیرت|عزت)\s(?:کے|کی)\s(?:نام|خاطر)\s(?:\S+\s){0,3}?(?:قتل|مار)\S*", 0.9),
        Phrase("ur", r"اٹہا\s(?:لیں|لوں)\s?(?:گے|گا)", 0.8),
    ],
    _TRIGGERS,
)

#: "I will never / not ..." between the subject and the verb turns a threat into its opposite.
_NEGATION = re.compile(r"\b(?:never|not|n't|nt|no way)\b")


def find(view: TextView) -> list[PatternHit]:
    hits = PHRASES.find(view, "pattern:threat")
    out: list[PatternHit] = []
    for h in hits:
        if h.source == "pattern:threat:en" and _NEGATION.search(
            view.original[h.start : h.end].lower()
        ):
            # kept as evidence for a reviewer, but well under the threshold
            h = PatternHit(h.category, h.start, h.end, 0.2, h.source + ":negated")
        out.append(h)
    return out
