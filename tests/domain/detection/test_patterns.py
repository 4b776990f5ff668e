"""Each pattern detector: what it must find, and what it must leave alone."""

from __future__ import annotations

import pytest

from hifazat.domain.detection.rules_detector import RulesDetector
from hifazat.domain.policy.categories import Category

D = RulesDetector()

POSITIVES = {
    Category.DOXXING: [
        ("call her 0300-1234567", "0300-1234567"),
        ("+92 300 1234567", "+92 300 1234567"),
        ("0092 3001234567", "0092 3001234567"),
        ("her no 03001234567", "03001234567"),
        ("نمبر ۰۳۰۰۱۲۳۴۵۶۷ ہے", "۰۳۰۰۱۲۳۴۵۶۷"),
        ("number 0300 123 4567", "0300 123 4567"),
        ("(0300) 1234567", "(0300) 1234567"),
        ("cnic 35202-1234567-1", "35202-1234567-1"),
        ("uska cnic 3520212345671 hai", "3520212345671"),
        ("her email is a.b@gmail.com", "a.b@gmail.com"),
        ("house no 12 street 4 G-9/2 Islamabad", "house no 12"),
        ("مکان نمبر 12 گلی نمبر 4 لاہور", "مکان نمبر 12"),
    ],
    Category.SPAM_SCAM: [
        ("send JazzCash 500 now", "send JazzCash"),
        ("Easypaisa pe 1000 bhejo", "Easypaisa pe 1000 bhejo"),
        ("DM for free followers", "DM for free"),
        ("free followers here", "free followers"),
        ("win now bit.ly/abc123", "bit.ly/abc123"),
        ("you have won an iPhone", "you have won"),
        ("verify your account or it will be blocked", "verify your account"),
        ("ghar baithe paise kamayen", "ghar baithe paise"),
    ],
    Category.THREAT: [
        ("I will kill you", "I will kill"),
        ("im gonna find you", "im gonna find you"),
        ("jaan se maar dunga", "jaan se maar"),
        ("tumhe dekh lunga", "tumhe dekh lunga"),
        ("tujhe maar dunga", "maar dunga"),
        ("جان سے مار دوں گا", "جان سے مار دوں گا"),
        ("tujhe zinda nahi chodunga", "zinda nahi chodunga"),
        ("tezaab phenk dunga", "tezaab phenk"),
        ("ghairat ke naam par qatl kar denge", "ghairat ke naam par qatl"),
        ("ghar se bahar nikli to dekh lena", "bahar nikli to dekh lena"),
        ("agar bahar nikli to tangein tod denge", "bahar nikli to tangein tod"),
    ],
    Category.SELF_HARM: [
        ("kill yourself", "kill yourself"),
        ("just kys", "kys"),
        ("go die", "go die"),
        ("khudkushi kar lo", "khudkushi kar lo"),
        ("مر جاؤ", "مر جاؤ"),
        ("خودکشی کر لو", "خودکشی کر لو"),
    ],
    Category.BLASPHEMY_ACCUSATION: [
        ("tu gustakh hai", "gustakh"),
        ("ye gustakh-e-rasool hai", "gustakh-e-rasool"),
        ("wajib ul qatl hai ye", "wajib ul qatl"),
        ("she is a blasphemer", "is a blasphemer"),
        ("یہ گستاخ رسول ہے", "گستاخ رسول"),
        ("اس نے توہین رسالت کی ہے", "توہین رسالت کی"),
        ("gustakh ki ek hi saza sar tan se juda", "gustakh"),
    ],
    Category.SEXUAL_HARASSMENT: [
        ("send nudes", "send nudes"),
        ("show me your boobs", "show me your boobs"),
        ("I will leak your videos", "I will leak your videos"),
        ("teri pics viral kar dunga", "teri pics viral kar dunga"),
        ("nudes bhejo", "nudes bhejo"),
        ("تمہاری ویڈیو وائرل کر دوں گا", "ویڈیو وائرل کر دوں گا"),
        ("ek raat ka rate kya hai", "ek raat ka rate"),
        ("kitne ki ho", "kitne ki ho"),
        ("tu kitne ki hai", "tu kitne ki hai"),
    ],
}

NEGATIVES = {
    Category.DOXXING: ["I scored 2019 points", "price 1500 rupees", "call me at 0300-1234567"],
    Category.SPAM_SCAM: ["free kick was amazing", "great video", "link is broken"],
    Category.THREAT: [
        "I killed it today",
        "I love this song to death",
        "kill the lights",
        "main dekh lunga kal",
        "mar gaye hasi se",
        "I will never kill anyone",
        "we will not beat around the bush",
        "bahar gayi thi aaj, maza aaya",
    ],
    Category.SELF_HARM: ["I could kill myself laughing lol", "acha video", "marjaan"],
    Category.BLASPHEMY_ACCUSATION: [
        "stop calling people gustakh",
        "false blasphemy accusations are dangerous",
        "he was accused of blasphemy and acquitted by the court",
        "jhoota ilzam mat lagao ke wo gustakh hai",
        "blasphemy laws are misused",
        "توہین رسالت کا جھوٹا الزام",
        'they shouted "gustakh" at him',
    ],
    Category.SEXUAL_HARASSMENT: [
        "nice video",
        "send me the recipe",
        "show me your garden",
        "ye outfit kitne ka hai?",
        "ye kameez kitne ki hai",
    ],
}


@pytest.mark.parametrize(
    ("category", "text", "match"),
    [(c, t, m) for c, cases in POSITIVES.items() for t, m in cases],
)
def test_pattern_finds(category: Category, text: str, match: str) -> None:
    signal = D.detect(text)
    assert category in signal.labels(), (text, dict(signal.scores))
    assert any(e.category is category and e.match == match for e in signal.evidence), [
        (e.category.value, e.match) for e in signal.evidence
    ]
    for e in signal.evidence:
        assert text[e.start : e.end] == e.match


@pytest.mark.parametrize(
    ("category", "text"),
    [(c, t) for c, texts in NEGATIVES.items() for t in texts],
)
def test_pattern_leaves_alone(category: Category, text: str) -> None:
    assert category not in D.detect(text).labels()


def test_countered_blasphemy_keeps_evidence_below_threshold() -> None:
    signal = D.detect("stop calling people gustakh")
    assert signal.score_of(Category.BLASPHEMY_ACCUSATION) < 0.5
    assert any(e.source.endswith(":countered") for e in signal.evidence)


def test_negated_threat_keeps_evidence_below_threshold() -> None:
    signal = D.detect("I will never kill you, you are my friend")
    assert Category.THREAT not in signal.labels()
    assert any(e.source.endswith(":negated") for e in signal.evidence)


def test_incitement_is_also_a_threat() -> None:
    signal = D.detect("ye wajib ul qatl hai")
    assert {Category.BLASPHEMY_ACCUSATION, Category.THREAT} <= set(signal.labels())


def test_sextortion_is_also_a_threat() -> None:
    assert Category.THREAT in D.detect("pay me or I will leak your pics").labels()


def test_own_contact_is_spam_not_doxxing() -> None:
    signal = D.detect("call me at 0300-1234567 for orders")
    assert Category.DOXXING not in signal.labels()
    assert signal.score_of(Category.SPAM_SCAM) > 0
