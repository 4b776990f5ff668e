"""The shipped text classifier and its featuriser (no access to the labelled data)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from hifazat.domain.detection.model import (
    HEADS,
    FeatureConfig,
    ModelScorer,
    char_occurrences,
    count_matrix,
    load_model,
    load_model_bytes,
    word_occurrences,
)
from hifazat.domain.policy.categories import Category
from hifazat.domain.text.normalize import normalize
from hifazat.training.model_file import save_model

MODEL_CATEGORIES = {
    Category.HARASSMENT,
    Category.HATE,
    Category.PROFANITY,
    Category.THREAT,
    Category.SEXUAL_HARASSMENT,
}


def test_char_ngrams_count_every_window_per_text() -> None:
    cfg = FeatureConfig(char_min=1, char_max=3, char_bits=12)
    texts = ["ab", "", "xyz"]
    m = count_matrix(char_occurrences(texts, cfg), 1 << 12)
    # each text is padded by one space on each side: L chars give L + (L-1) + (L-2) windows
    expected = [sum(max(len(t) + 2 - n + 1, 0) for n in (1, 2, 3)) for t in texts]
    assert np.asarray(m.sum(axis=1)).ravel().tolist() == expected


def test_features_do_not_depend_on_the_batch() -> None:
    cfg = FeatureConfig(char_bits=12, word_bits=10)
    alone = count_matrix(char_occurrences(["kutta"], cfg), 1 << 12).toarray()
    batch = count_matrix(char_occurrences(["hello there", "kutta", "x"], cfg), 1 << 12)
    np.testing.assert_array_equal(alone[0], batch.toarray()[1])
    words = count_matrix(word_occurrences(["a b", "c"], cfg), 1 << 10)
    assert np.asarray(words.sum(axis=1)).ravel().tolist() == [3, 1]  # a, b, "a b" | c


def _tiny_model() -> ModelScorer:
    cfg = FeatureConfig(char_bits=10, word_bits=8)
    n = (1 << 10) + (1 << 8)
    rng = np.random.default_rng(0)
    return ModelScorer(
        cfg=cfg,
        char_idf=np.ones(1 << 10, dtype=np.float32),
        word_idf=np.ones(1 << 8, dtype=np.float32),
        weights=rng.normal(size=(n, len(HEADS))).astype(np.float32),
        bias=np.zeros(len(HEADS), dtype=np.float32),
        platt_a=np.ones(len(HEADS), dtype=np.float32),
        platt_b=np.zeros(len(HEADS), dtype=np.float32),
        meta={"normalizer": "test"},
    )


def test_save_and_load_round_trip() -> None:
    model = _tiny_model()
    buf = io.BytesIO()
    save_model(model, buf)
    loaded = load_model_bytes(buf.getvalue())
    a, b = model.score("some text"), loaded.score("some text")
    assert a.keys() == b.keys()
    for c in a:
        assert a[c] == pytest.approx(b[c], abs=2e-3)  # weights are stored as float16


def test_batch_and_single_agree_and_top_type_carries_offensive() -> None:
    model = _tiny_model()
    texts = ["one", "two words", "", "تین"]
    batch = model.score_batch(texts)
    for t, s in zip(texts, batch, strict=True):
        single = model.score(t)
        for c in s:
            assert s[c] == pytest.approx(single[c], abs=1e-5)
        offensive = model.head_probabilities([t])[0, 0]
        top = max(s[c] for c in (Category.HARASSMENT, Category.HATE, Category.PROFANITY))
        assert top == pytest.approx(float(offensive), abs=1e-5)
        assert all(0.0 <= v <= 1.0 for v in s.values())
    assert model.score_batch([]) == []


def test_language_copy_applies_only_to_its_group_and_round_trips() -> None:
    base = _tiny_model()
    n = base.weights.shape[0]
    lang_w = np.random.default_rng(1).normal(size=n).astype(np.float32)
    model = ModelScorer(
        cfg=base.cfg,
        char_idf=base.char_idf,
        word_idf=base.word_idf,
        weights=base.weights,
        bias=base.bias,
        platt_a=base.platt_a,
        platt_b=base.platt_b,
        meta=base.meta,
        lang_weights=lang_w,
        lang_groups=("ur-Latn",),
    )
    english, roman_urdu = "thank you for the video", "tum bohat acha kaam karte ho yaar"
    assert model.in_groups([english, roman_urdu]).tolist() == [0.0, 1.0]
    texts = [english, roman_urdu, "", "تین"]
    with_copy, without = model.head_probabilities(texts), base.head_probabilities(texts)
    np.testing.assert_allclose(with_copy[:, 1:], without[:, 1:], atol=1e-6)  # other heads
    assert with_copy[0, 0] == pytest.approx(without[0, 0], abs=1e-6)  # not in the group
    assert with_copy[1, 0] != pytest.approx(without[1, 0], abs=1e-3)  # in the group
    for i, t in enumerate(texts):  # single-comment path agrees with the batch path
        np.testing.assert_allclose(model.head_probabilities([t])[0], with_copy[i], atol=1e-5)
    buf = io.BytesIO()
    save_model(model, buf)
    loaded = load_model_bytes(buf.getvalue())
    assert loaded.lang_groups == ("ur-Latn",)
    np.testing.assert_allclose(loaded.head_probabilities(texts), with_copy, atol=3e-3)


@pytest.fixture(scope="module")
def shipped() -> ModelScorer:
    model = load_model()
    assert model is not None, "the shipped model file is missing"
    return model


def _score(model: ModelScorer, text: str) -> dict[Category, float]:
    return model.score(normalize(text).text)


def test_shipped_model_outputs_calibrated_scores(shipped: ModelScorer) -> None:
    s = _score(shipped, "thank you for this video")
    assert set(s) == MODEL_CATEGORIES
    assert all(0.0 <= v <= 1.0 for v in s.values())


@pytest.mark.parametrize(
    "text",
    [
        "tu kutta hai harami",
        "you stupid bitch",
        "تم کتے کے بچے ہو",
        "teri maa ki",
    ],
)
def test_shipped_model_flags_abuse_in_three_scripts(shipped: ModelScorer, text: str) -> None:
    assert max(_score(shipped, text).values()) >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "bohat acha kaam kiya, shukriya",
        "آپ کی ویڈیو بہت اچھی ہے",
        "what a lovely recipe, thanks for sharing",
    ],
)
def test_shipped_model_allows_friendly_comments(shipped: ModelScorer, text: str) -> None:
    assert max(_score(shipped, text).values()) < 0.5


def test_shipped_model_scores_threats(shipped: ModelScorer) -> None:
    assert _score(shipped, "tujhe jaan se maar dunga")[Category.THREAT] >= 0.5


def test_shipped_model_survives_obfuscation(shipped: ModelScorer) -> None:
    assert max(_score(shipped, "k u t t a harami").values()) >= 0.5
