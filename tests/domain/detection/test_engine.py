"""The detection engine: rules only and with a (fake) model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hifazat.domain.detection.engine import DetectionEngine, default_detector
from hifazat.domain.detection.model import MODEL_CATEGORIES
from hifazat.domain.detection.rules_detector import RulesDetector
from hifazat.domain.detection.signal import LANGUAGES, Signal
from hifazat.domain.policy.categories import Category


@pytest.fixture(scope="module")
def rules_only() -> DetectionEngine:
    return DetectionEngine(RulesDetector(), model=None)


def _assert_well_formed(text: str, signal: Signal) -> None:
    assert signal.language in LANGUAGES
    assert set(signal.scores) == set(Category)
    for score in signal.scores.values():
        assert 0.0 <= score <= 1.0
    for e in signal.evidence:
        assert 0 <= e.start <= e.end <= len(text)
        assert text[e.start : e.end] == e.match
    for label in signal.labels():
        assert any(e.category is label for e in signal.evidence), label


@pytest.mark.parametrize(
    ("text", "category", "match"),
    [
        ("tu kutta hai", Category.HARASSMENT, "kutta"),
        ("You are a K.U.T.T.A", Category.HARASSMENT, "K.U.T.T.A"),
        ("kuttey", Category.HARASSMENT, "kuttey"),
        ("tum kameeney ho", Category.HARASSMENT, "kameeney"),
        ("چل کتّے", Category.HARASSMENT, "کتّے"),
        ("ye كمينه hai", Category.HARASSMENT, "كمينه"),
        ("you stupid b1tch", Category.HARASSMENT, "b1tch"),
        ("fuck you", Category.HARASSMENT, "fuck"),
        ("what the fuck", Category.PROFANITY, "fuck"),
        ("go back home paki", Category.HATE, "paki"),
        ("ye sab munafiq hain", Category.HARASSMENT, "munafiq"),
        ("kitni ahmaq baat ki hai", Category.HARASSMENT, "ahmaq"),
        ("یہ لوگ جاہل ہیں", Category.HARASSMENT, "جاہل"),
    ],
)
def test_finds_abuse_with_evidence(
    rules_only: DetectionEngine, text: str, category: Category, match: str
) -> None:
    signal = rules_only.detect(text)
    _assert_well_formed(text, signal)
    assert category in signal.labels()
    assert any(e.category is category and e.match == match for e in signal.evidence)


def test_untargeted_swearing_is_only_profanity(rules_only: DetectionEngine) -> None:
    signal = rules_only.detect("what the fuck was that match")
    assert signal.labels() == [Category.PROFANITY]
    assert not signal.abusive()


@pytest.mark.parametrize(
    "text",
    [
        "Hello, nice video!",
        "bohat acha video hai bhai",
        "بہت اچھی ویڈیو ہے",
        "chod do yaar, koi baat nahi",
        "I love this class, thank you",
    ],
)
def test_clean_comments_stay_clean(rules_only: DetectionEngine, text: str) -> None:
    signal = rules_only.detect(text)
    _assert_well_formed(text, signal)
    assert signal.labels() == []


@pytest.mark.parametrize(
    "text",
    ["", " ", "😀😀😀", "🙏" * 50, "a" * 100_000, "kutta " * 20_000, "x\u0000y", "\ud800"],
)
def test_bad_input_gives_sensible_output(rules_only: DetectionEngine, text: str) -> None:
    signal = rules_only.detect(text)
    _assert_well_formed(text, signal)


def test_mixed_scripts(rules_only: DetectionEngine) -> None:
    text = "you are a کتا aur kamina bhi"
    signal = rules_only.detect(text)
    _assert_well_formed(text, signal)
    assert signal.language == "mixed"
    assert {e.match for e in signal.evidence} >= {"کتا", "kamina"}


class _FakeModel:
    def __init__(self, scores: dict[Category, float]) -> None:
        self.row = [scores.get(c, 0.0) for c in MODEL_CATEGORIES]

    def category_matrix(
        self, normalized_texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> np.ndarray:
        return np.array([self.row for _ in normalized_texts], dtype=np.float64)


def test_model_scores_combine_by_max_and_bring_evidence() -> None:
    engine = DetectionEngine(RulesDetector(), _FakeModel({Category.HATE: 0.8}))
    text = "tu kutta hai"
    signal = engine.detect(text)
    _assert_well_formed(text, signal)
    assert signal.score_of(Category.HATE) == pytest.approx(0.8)
    assert signal.score_of(Category.HARASSMENT) >= 0.7
    assert any(e.source == "model" and e.category is Category.HATE for e in signal.evidence)


def test_detect_batch_matches_detect(rules_only: DetectionEngine) -> None:
    texts = ["tu kutta hai", "", "nice", "fuck you"]
    assert rules_only.detect_batch(texts) == [rules_only.detect(t) for t in texts]


def test_default_detector_is_cached() -> None:
    assert default_detector() is default_detector()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_well_formed(text: str) -> None:
    detector = DetectionEngine(RulesDetector(), model=None)
    _assert_well_formed(text, detector.detect(text))


def test_topic_words_alone_are_not_sexual_harassment_or_threat() -> None:
    engine = default_detector()
    for text in ("nice video", "great video bhai", "new video kab aayegi?", "video bohat achi thi"):
        labels = engine.detect(text).labels()
        assert Category.SEXUAL_HARASSMENT not in labels, text
        assert Category.THREAT not in labels, text


def test_everyday_creator_comments_are_not_flagged() -> None:
    """Comments of the kind creators get all day (none of these is in the training data)."""
    engine = default_detector()
    texts = [
        "cute pics",
        "amazing pics yaar",
        "beautiful sunset pics",
        "shaadi ki pics share karo",
        "pics kab upload karo gi?",
        "you look so pretty",
        "ye outfit kitne ka hai?",
        "such a hot day in multan",
        "killing it as always",
        "teri awaaz sun ke din ban gaya",
        "ye tou bilkul meri behen jaisi hai",
        "I love this look bc it's so simple",
        "we learnt about the hijra to Madina in school today",
    ]
    flagged = {t: engine.detect(t).labels() for t in texts}
    assert {t: labels for t, labels in flagged.items() if labels} == {}
