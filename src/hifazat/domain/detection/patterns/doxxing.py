"""Doxxing: Pakistani phone numbers, CNIC numbers, e-mail addresses, street addresses, map pins.

Runs over the original text with Urdu/Arabic-Indic digits folded to ASCII (same offsets), so
``۰۳۰۰-۱۲۳۴۵۶۷`` is found like ``0300-1234567``.
"""

from __future__ import annotations

import re

from hifazat.domain.detection.patterns.base import PatternHit, TextView, Triggers
from hifazat.domain.policy.categories import Category

__all__ = ["find"]

_SEP = r"[\s\-.]?"
#: 03XX-XXXXXXX, 0300 123 4567, +92 300 1234567, +92-(0)300-1234567, 0092 300 1234567, 92300…
MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)?\s?92[\s\-.]{0,2}\(?0?\)?[\s\-.]{0,2}\(?|\(?0)3\d{2}\)?"
    r"(?:" + _SEP + r"\d){7}(?!\d)"
)
#: Landlines with an area code: 051-1234567, (042) 35761234, +92 21 1234567
LANDLINE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?92[\s\-.]?|\(?0)(?:21|22|41|42|51|52|55|61|71|81|91)\)?"
    r"[\s\-.]?\d{3}[\s\-.]?\d{4,5}(?!\d)"
)
CNIC = re.compile(r"(?<!\d)\d{5}[\-\s]\d{7}[\-\s]\d(?![\d\-])")
CNIC_PLAIN = re.compile(
    r"(?:cnic|nic|id card|shanakhti|شناختی|کارڈ)\D{0,20}(?<!\d)(\d{13})(?!\d)", re.IGNORECASE
)
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,}"
)
MAP_PIN = re.compile(
    r"(?:https?://)?(?:maps\.app\.goo\.gl|goo\.gl/maps|(?:www\.)?google\.[a-z.]+/maps|"
    r"maps\.google\.[a-z.]+)\S*|(?<![\d.])[23]\d\.\d{4,},\s?[67]\d\.\d{4,}(?![\d.])",
    re.IGNORECASE,
)
#: Parts of a street address: each alone is weak, two or more together are an address.
ADDRESS_PART = re.compile(
    r"\b(?:"
    r"(?:house|h|plot|flat|apartment|apt|makan|ghar)\s?(?:no\.?|number|num|#)\s?:?\s?\d+[a-z]?"
    r"|(?:street|st|gali|galli|lane|road)\s?(?:no\.?|number|#)?\s?:?\s?\d+"
    r"|(?:sector|block|phase)\s?(?:no\.?|#)?\s?[a-z0-9]{1,3}(?:[\-/]\d{1,2})*"
    r"|[d-i]-\d{1,2}(?:/\d)?"  # Islamabad sectors: G-9/2, F-7, I-8/4
    r"|(?:dha|bahria town|gulberg|gulshan-e-iqbal|gulshan|model town|johar town|clifton|"
    r"defence|satellite town|north nazimabad|nazimabad|saddar|cantt)"
    r"|(?:mohalla|muhalla|colony|chak)\s\w+"
    r"|مکان\sنمبر\s?\d*|گلی\sنمبر\s?\d*|محلہ\s\S+|سیکٹر\s\S+|بلاک\s\S+|فیز\s\d+"
    r")(?![^\W_])",
)
CITY = re.compile(
    r"\b(?:islamabad|rawalpindi|pindi|lahore|karachi|peshawar|quetta|multan|faisalabad|"
    r"sialkot|gujranwala|hyderabad|sukkur|abbottabad|mardan|"
    r"اسلام\sآباد|اسلام‌آباد|راولپنڈی|لاہور|کراچی|پشاور|کوئٹہ|ملتان|فیصل\sآباد)(?![^\W_])",
)
#: "lives at", "ka ghar", "address" … make a nearby address part count.
ADDRESS_CUE = re.compile(
    r"\b(?:address|addr|lives? (?:at|in)|rehta|rehti|rehte|ka ghar|ki ghar|ghar ka pata|"
    r"location|پتہ|پتا|گھر|رہتا|رہتی)(?![^\W_])",
)


#: The commenter sharing their own contact (self-promotion, not doxxing).
SELF_CUE = re.compile(
    r"(?<![^\W_])(?:(?:my|mera|meri|mere|hamara|our)\s(?:\S+\s)?(?:number|no|num|whatsapp|contact|"
    r"email|e-mail|cell)|call me|contact (?:me|us)|whatsapp (?:me|us|karein|karen|kare|kr)|"
    r"rabta|raabta|order (?:now|karein|karen)|میرا\sنمبر|رابطہ)(?![^\W_])",
    re.IGNORECASE,
)


_DIGIT_RUN = re.compile(r"\d")
_DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")
_LONG_NUMBER = re.compile(r"\d[\d \-.()]{5,}\d")
_ADDRESS_WORDS = Triggers(
    (
        "house",
        "h no",
        "h#",
        "h #",
        "plot",
        "flat",
        "apartment",
        "apt",
        "makan",
        "ghar",
        "street",
        "st",
        "gali",
        "galli",
        "lane",
        "road",
        "sector",
        "block",
        "phase",
        "-",
        "mohalla",
        "muhalla",
        "colony",
        "chak",
        "مکان",
        "گلی",
        "محلہ",
        "سیکٹر",
        "بلاک",
        "فیز",
    )
)


def _spans(pattern: re.Pattern[str], text: str, group: int = 0) -> list[tuple[int, int]]:
    return [m.span(group) for m in pattern.finditer(text)]


def find(view: TextView) -> list[PatternHit]:
    text = view.digits
    has_digits = _DIGIT_RUN.search(text) is not None
    long_number = has_digits and _LONG_NUMBER.search(text) is not None
    hits: list[PatternHit] = []
    if long_number:
        for a, b in _spans(MOBILE, text):
            hits.append(PatternHit(Category.DOXXING, a, b, 0.9, "pattern:phone"))
        for a, b in _spans(LANDLINE, text):
            hits.append(PatternHit(Category.DOXXING, a, b, 0.75, "pattern:phone"))
        for a, b in _spans(CNIC, text):
            hits.append(PatternHit(Category.DOXXING, a, b, 0.95, "pattern:cnic"))
        for a, b in _spans(CNIC_PLAIN, text, 1):
            hits.append(PatternHit(Category.DOXXING, a, b, 0.9, "pattern:cnic"))
    if "@" in text and "." in text:
        for a, b in _spans(EMAIL, text):
            hits.append(PatternHit(Category.DOXXING, a, b, 0.6, "pattern:email"))
    if hits and SELF_CUE.search(text):
        hits = [
            PatternHit(h.category, h.start, h.end, 0.3, h.source + ":own")
            if h.source in ("pattern:phone", "pattern:email")
            else h
            for h in hits
        ] + [
            PatternHit(Category.SPAM_SCAM, h.start, h.end, 0.45, "pattern:spam:contact")
            for h in hits
        ]
    # every map link has a dot and "maps", every coordinate pair a digit, a dot and a digit
    if (
        "." in text
        and (has_digits or "map" in text)
        and ("map" in text.lower() or (has_digits and _DIGIT_DOT_DIGIT.search(text)))
    ):
        for a, b in _spans(MAP_PIN, text):
            hits.append(PatternHit(Category.DOXXING, a, b, 0.6, "pattern:location"))
    if not (has_digits and _ADDRESS_WORDS.in_view(view)):
        return hits
    low = view.lower_digits  # the address patterns are written in lower case
    parts = _spans(ADDRESS_PART, low)
    if parts:
        extra = _spans(CITY, low) + _spans(ADDRESS_CUE, low)
        strength = len(parts) + len(extra)
        score = 0.55 if strength >= 2 else 0.3
        for a, b in parts + extra:
            hits.append(PatternHit(Category.DOXXING, a, b, score, "pattern:address"))
    return hits
