"""Normalisation: folding, idempotence and the map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hifazat.domain.text.normalize import normalize, phonetic_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KUTTA", "kutta"),
        ("k u t t a", "kutta"),
        ("k.u.t.t.a", "kutta"),
        ("k-u-t-t-a", "kutta"),
        ("k*u*t*t*a", "kutta"),
        ("kutt@", "kutta"),
        ("k u t t @", "kutta"),
        ("kuttaaaaa", "kutta"),
        ("sh!t b1tch", "shit bitch"),
        ("ｋｕｔｔａ", "kutta"),  # fullwidth
        ("kuttа", "kutta"),  # Cyrillic а
        ("kυtta", "kutta"),  # Greek upsilon
        ("ku\u200btta", "kutta"),  # zero-width space
        ("\u202ekutta\u202c", "kutta"),  # bidi override
        ("you are a k u t t a", "you are a kutta"),
        ("کتّا", "کتا"),  # shadda
        ("کتـــا", "کتا"),  # tatweel
        ("كتا", "کتا"),  # Arabic kaf
        ("كمينه", "کمینہ"),  # Arabic kaf, yeh, heh
        ("۰۳۰۰۱۲۳۴۵۶۷", "03001234567"),  # Urdu digits
        ("٠٣٠٠", "0300"),  # Arabic-Indic digits
        ("résumé", "resume"),
    ],
)
def test_folds(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    "clean",
    ["hello!", "call me at 5", "2024", "a b", "good", "i am ok", "0300-1234567", "$100"],
)
def test_leaves_ordinary_text_alone(clean: str) -> None:
    assert normalize(clean).text == clean.lower()


def test_evidence_maps_back_to_what_was_written() -> None:
    raw = "Tum K.U.T.T.A ho"
    n = normalize(raw)
    i = n.text.index("kutta")
    a, b = n.to_original(i, i + 5)
    assert raw[a:b] == "K.U.T.T.A"
    raw2 = "ye کتـــّا hai"
    n2 = normalize(raw2)
    j = n2.text.index("کتا")
    assert n2.original_slice(j, j + 3) == "کتـــّا"


def test_empty_and_out_of_range_spans() -> None:
    n = normalize("")
    assert n.text == ""
    assert n.to_original(0, 0) == (0, 0)
    assert normalize("abc").to_original(5, 9) == (3, 3)


@pytest.mark.parametrize("word", ["kutta", "kuta", "kuttaa", "kuttey", "kutte", "KUTTAY"])
def test_phonetic_key_meets(word: str) -> None:
    assert phonetic_key(word) == phonetic_key("kutta")


def test_phonetic_key_keeps_different_words_apart() -> None:
    assert phonetic_key("kamina") != phonetic_key("kutta")
    assert phonetic_key("haram") != phonetic_key("harami")


_ALPHABET = st.sampled_from(
    list("abkutAEIO0134@$!|5 .-*_·")
    + list("کتاےیہھيكه ّـ")
    + ["\u200b", "\u202e", "\u0301", "ｋ", "а", "υ", "۳", "ﷺ", "ß", "İ", "😀", "ﬁ"]
)
_TEXTS = st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_offsets_map_back(raw: str) -> None:
    n = normalize(raw)
    assert len(n.offsets) == len(n.text) == len(n.ends)
    prev = 0
    for i in range(len(n.text)):
        a, b = n.to_original(i, i + 1)
        assert 0 <= a < b <= len(raw)
        assert a >= prev  # monotone
        prev = a
    a, b = n.to_original(0, len(n.text))
    assert 0 <= a <= b <= len(raw)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab xyz.,!")), max_size=12),
    st.sampled_from(["kutta", "k u t t a", "KUTT@", "kuttaaaa", "k*u*t*t*a", "ku\u200btta"]),
    st.text(alphabet=st.sampled_from(list("ab xyz.,!")), max_size=12),
)
def test_obfuscated_word_is_found_and_located(left: str, word: str, right: str) -> None:
    raw = f"{left} {word} {right}"
    n = normalize(raw)
    i = n.text.find("kutta")
    assert i >= 0
    a, b = n.to_original(i, i + 5)
    assert normalize(raw[a:b]).text == "kutta"
