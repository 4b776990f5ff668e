"""Spam and scams: fake giveaways, "send JazzCash/Easypaisa", phishing, link shorteners."""

from __future__ import annotations

import re

from hifazat.domain.detection.patterns.base import PatternHit, Phrase, PhraseSet, TextView
from hifazat.domain.policy.categories import Category

__all__ = ["find"]

SHORTENER = re.compile(
    r"(?<![\w.])(?:https?://)?(?:bit\.ly|tinyurl\.com|goo\.gl(?!/maps)|t\.co|cutt\.ly|rb\.gy|"
    r"is\.gd|ow\.ly|shorturl\.at|tiny\.cc|rebrand\.ly|t\.ly|s\.id|v\.gd|bl\.ink|shorte\.st|"
    r"adf\.ly|linktr\.ee|wa\.me|chat\.whatsapp\.com|t\.me)/\S*",
    re.IGNORECASE,
)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

_MONEY = r"(?:jazz\s?cash|easy\s?paisa|easypaisa|sada\s?pay|naya\s?pay|bank transfer|western union)"
_SEND = r"(?:send|bhej|bhejo|bhejen|bhejein|bhejain|transfer|karwa|karwao|kar do|jama|deposit|pay)"

_TRIGGERS = (
    "jazz",
    "easy",
    "sada",
    "naya",
    "bank",
    "western",
    "free",
    "fre",
    "dm",
    "inbox",
    "message",
    "msg",
    "whatsapp",
    "giveaway",
    "lucky",
    "qura",
    "won",
    "congratulations",
    "claim",
    "inaam",
    "inam",
    "earn",
    "kama",
    "ghar",
    "double",
    "paise",
    "paisay",
    "raqam",
    "guaranteed",
    "crypto",
    "forex",
    "verify",
    "account",
    "confirm",
    "login",
    "otp",
    "pin",
    "password",
    "code",
    "click",
    "link",
    "bisp",
    "benazir",
    "ehsaas",
    "follow",
    "sub",
    "f4f",
    "l4l",
    "check",
    "مفت",
    "انعام",
    "جاز",
    "ایزی",
)

PHRASES = PhraseSet(
    Category.SPAM_SCAM,
    [
        Phrase("money_transfer", rf"{_SEND}\w*\s(?:\S+\s){{0,4}}?{_MONEY}", 0.8),
        Phrase("money_transfer", rf"{_MONEY}\s(?:\S+\s){{0,5}}?{_SEND}\w*", 0.8),
        Phrase("money_transfer", rf"{_MONEY}\s?(?:number|no|account|acc)", 0.7),
        Phrase(
            "giveaway",
            r"(?:free|fre)\s(?:followers|likes|subscribers|subs|views|iphone|"
            r"recharge|balance|load|diamonds|uc)",
            0.8,
        ),
        Phrase(
            "giveaway",
            r"(?:dm|inbox|message|msg|whatsapp)\s(?:me\s)?(?:for|to get|now for)\s"
            r"(?:free|followers|likes|promotion|promo|earning|investment|details)",
            0.8,
        ),
        Phrase("giveaway", r"giveaway|lucky draw|qurandazi|qura andazi", 0.55),
        Phrase(
            "giveaway",
            r"(?:you (?:have )?won|congratulations you|claim your (?:prize|reward|gift)|"
            r"aap ka inaam|apka inaam|inaam jeet|inam jeet)",
            0.85,
        ),
        Phrase(
            "giveaway",
            r"(?:earn|kamaen|kamayen|kamaein|kamayein|kamao)\s(?:\S+\s){0,3}?"
            r"(?:daily|per day|rozana|roz|ghar baithe|from home|online)",
            0.7,
        ),
        Phrase(
            "giveaway", r"ghar baithe (?:paise|paisay|earning|kamai|kamaen|kamayen|online)", 0.8
        ),
        Phrase(
            "investment",
            r"double (?:your )?(?:money|investment|paise|paisay)|"
            r"(?:paise|paisay|raqam) double|guaranteed (?:profit|returns)|"
            r"crypto (?:investment|signals)|forex signals",
            0.8,
        ),
        Phrase(
            "phishing",
            r"verify your (?:account|identity)|account (?:will be|has been) "
            r"(?:suspended|blocked|disabled|deleted)|confirm your (?:password|account)|"
            r"login to (?:claim|verify)|otp (?:bhejo|send|share|batao|bata)|"
            r"(?:share|send|bhejo|batao) (?:your |apna )?(?:otp|pin code|password|code)",
            0.85,
        ),
        Phrase(
            "phishing",
            r"click (?:the |this |on )?link|link (?:in|on) (?:my )?bio|"
            r"link par click|link pe click",
            0.45,
        ),
        Phrase(
            "giveaway",
            r"bisp|benazir income support|ehsaas (?:program|programme)\s(?:\S+\s){0,3}?"
            r"(?:registration|paise|raqam|apply)",
            0.6,
        ),
        Phrase(
            "giveaway",
            r"مفت\s(?:فالوورز|لائکس|موبائل|بیلنس)|انعام\s(?:جیت|نکلا)|"
            r"آپ کا انعام|اپ کا انعام|جاز\s?کیش|ایزی\s?پیسہ|ایزی\s?پیسا",
            0.7,
        ),
        Phrase(
            "follow_spam",
            r"(?:follow|sub|subscribe) (?:for|4) (?:follow|sub|subscribe)|"
            r"f4f|sub4sub|l4l|check (?:out )?my (?:channel|profile|page)",
            0.6,
        ),
    ],
    _TRIGGERS,
)


def find(view: TextView) -> list[PatternHit]:
    hits = PHRASES.find(view, "pattern:spam", normalized=True)
    raw = view.lower_digits
    if "." not in raw:
        return hits
    if "/" in raw:  # every shortened link has a dot and a slash
        for m in SHORTENER.finditer(raw):
            hits.append(
                PatternHit(Category.SPAM_SCAM, m.start(), m.end(), 0.6, "pattern:shortener")
            )
    if hits:
        for m in URL.finditer(raw):
            hits.append(PatternHit(Category.SPAM_SCAM, m.start(), m.end(), 0.3, "pattern:link"))
    return hits
