"""Lexicon files: parsing, and terms that are ordinary words in another language."""

from __future__ import annotations

import pytest

from hifazat.domain.detection.rules_detector import RulesDetector
from hifazat.domain.policy.categories import Category
from hifazat.domain.text.lexicon import default_lexicon, parse_lexicon


def test_parse_reads_severity_stem_and_unless() -> None:
    entries = parse_lexicon(
        "# comment\nbc\tmedium\tunless:en,mixed\nfuck*\thigh\nkutta\n",
        "ur-Latn",
        Category.PROFANITY,
    )
    assert [(e.term, e.severity, e.stem, e.unless) for e in entries] == [
        ("bc", "medium", False, frozenset({"en", "mixed"})),
        ("fuck", "high", True, frozenset()),
        ("kutta", "medium", False, frozenset()),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("bc\tmedium\tif:en", "expected 'unless:<languages>'"),
        ("bc\tmedium\tunless:", "expected 'unless:<languages>'"),
        ("bc\tmedium\tunless:english", "unknown language(s) ['english']"),
        ("bc\tsevere", "unknown severity 'severe'"),
    ],
)
def test_parse_rejects_bad_fields_with_the_reason(line: str, reason: str) -> None:
    with pytest.raises(ValueError, match=r".*") as info:
        parse_lexicon(line, "ur-Latn", Category.PROFANITY)
    assert reason in str(info.value)
    assert "ur-Latn.profanity" in str(info.value)


def test_shipped_lexicons_use_the_flag() -> None:
    flagged = {e.term: e.unless for e in default_lexicon().entries if e.unless}
    assert flagged["bc"] == frozenset({"en"})
    assert flagged["hoe"] == frozenset({"ur-Latn"})
    assert flagged["hijra"] == frozenset({"en"})


@pytest.fixture(scope="module")
def rules() -> RulesDetector:
    return RulesDetector()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I love this look bc it's so simple", "en"),
        ("watching it again bc I missed the recipe part", "en"),
        ("ye sab kaise hoe gaya yaar", "ur-Latn"),
        ("we learnt about the hijra to Madina in school today", "en"),
    ],
)
def test_ordinary_word_in_its_language_does_not_count(
    rules: RulesDetector, text: str, language: str
) -> None:
    signal = rules.detect(text)
    assert signal.language == language
    assert signal.labels() == []
    assert signal.evidence == ()


@pytest.mark.parametrize(
    ("text", "category", "match"),
    [
        ("bc kya bakwas video hai", Category.PROFANITY, "bc"),
        ("tu hijra hai", Category.HATE, "hijra"),
        ("shut up you dumb hoe", Category.PROFANITY, "hoe"),
    ],
)
def test_the_same_word_still_counts_in_other_languages(
    rules: RulesDetector, text: str, category: Category, match: str
) -> None:
    signal = rules.detect(text)
    assert category in signal.labels()
    assert any(e.category is category and e.match == match for e in signal.evidence)
