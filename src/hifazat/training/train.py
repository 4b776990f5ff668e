"""Training of the shipped model: hashed n-gram tf-idf, NB-weighted logistic heads, Platt scaling.

Deterministic: the split is a hash of the text, the folds too, and liblinear is seeded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from hifazat.domain.detection.model import (
    HEADS,
    FeatureConfig,
    ModelScorer,
    Occurrences,
    char_occurrences,
    count_matrix,
    tfidf_matrix,
    word_occurrences,
)
from hifazat.domain.text.language import identify
from hifazat.training import splits
from hifazat.training.labels import HEAD_OF_LABEL, Example, Label
from hifazat.training.normalization import NORMALIZER, normalize_text

SEED = 20240601
F32 = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class TrainConfig:
    features: FeatureConfig = field(default_factory=FeatureConfig)
    #: inverse regularisation per head (tuned on the training split's folds, see docs/detection.md)
    c: dict[str, float] = field(
        default_factory=lambda: {
            "offensive": 30.0,
            "harassment": 10.0,
            "hate": 10.0,
            "profanity": 10.0,
            "threat": 10.0,
            "sexual_harassment": 10.0,
        }
    )
    nb_alpha: float = 1.0
    #: languages (by the detector's own language id) that get a copy of the features in the
    #: offensive head; chosen on a validation fold of the training split (docs/detection.md)
    lang_groups: tuple[str, ...] = ("ur-Latn", "mixed")


def head_rows(head: str, examples: Sequence[Example]) -> tuple[BoolArray, BoolArray]:
    """(rows the head trains on, positive label) for one head."""
    n = len(examples)
    use = np.ones(n, dtype=bool)
    y = np.zeros(n, dtype=bool)
    for i, e in enumerate(examples):
        if head == "offensive":
            y[i] = e.offensive
        elif head in ("harassment", "hate", "profanity"):
            use[i] = e.offensive and e.typed
            y[i] = any(HEAD_OF_LABEL[lab] == head for lab in e.labels)
        else:
            label = Label.THREAT if head == "threat" else Label.SEXUAL
            y[i] = label in e.labels
            if head == "sexual_harassment":
                # sexualised insults of unknown type must not be taught as negatives
                akhter = e.dataset == "urdu_abusive_akhter"
                unknown = (akhter and e.offensive) or e.group == "sexism"
                use[i] = not unknown
    return use, y


def fit_idf(occ: Occurrences, n_cols: int) -> F32:
    counts = count_matrix(occ, n_cols)
    df = np.bincount(counts.indices, minlength=n_cols).astype(np.float64)
    n = counts.shape[0]
    idf = np.where(df > 0, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0)
    return idf.astype(np.float32)


def nb_ratio(x: sparse.csr_matrix, y: BoolArray, alpha: float) -> F32:
    """Naive-Bayes log-count ratio per feature (Wang & Manning 2012), used to scale features."""
    p = np.asarray(x[y].sum(axis=0)).ravel() + alpha
    q = np.asarray(x[~y].sum(axis=0)).ravel() + alpha
    r: F32 = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
    return r


def fit_linear(x: sparse.csr_matrix, y: BoolArray, c: float, alpha: float) -> tuple[F32, float]:
    """NB-weighted logistic regression; returns weights on the *unscaled* features and bias."""
    r = nb_ratio(x, y, alpha)
    clf = LogisticRegression(
        C=c, solver="liblinear", class_weight="balanced", max_iter=2000, random_state=SEED
    )
    clf.fit(x @ sparse.diags(r), y.astype(np.int64))
    w = (clf.coef_.ravel().astype(np.float32) * r).astype(np.float32)
    return w, float(clf.intercept_[0])


def platt(z: F32, y: BoolArray) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a * z + b), fitted on out-of-fold decision values."""
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(z.reshape(-1, 1), y.astype(np.int64))
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


@dataclass
class TrainedModel:
    scorer: ModelScorer
    oof: dict[str, tuple[F32, BoolArray]]  # head -> (out-of-fold probability, label) on its rows


def train(
    examples: Sequence[Example],
    config: TrainConfig | None = None,
    log: Callable[[str], None] = lambda _m: None,
    calibrate: bool = True,
    heads: Sequence[str] = HEADS,
) -> TrainedModel:
    """Train ``heads`` (default all) on ``examples`` (callers pass the training split only)."""
    cfg = config or TrainConfig()
    fc = cfg.features
    texts = [normalize_text(e.text) for e in examples]
    folds = np.array([splits.fold(e.text) for e in examples])
    occ_c, occ_w = char_occurrences(texts, fc), word_occurrences(texts, fc)
    n_char, n_word = 1 << fc.char_bits, 1 << fc.word_bits
    char_idf, word_idf = fit_idf(occ_c, n_char), fit_idf(occ_w, n_word)
    x = sparse.hstack([tfidf_matrix(occ_c, char_idf), tfidf_matrix(occ_w, word_idf)], format="csr")
    x.sum_duplicates()
    log(f"features: {x.shape[0]} rows, {x.nnz} non-zeros, normaliser {NORMALIZER}")
    n_feat = n_char + n_word
    lang_weights: F32 | None = None
    if cfg.lang_groups:
        in_group = np.array([identify(t) in cfg.lang_groups for t in texts], dtype=np.float32)
        # [shared | copy for the language group]: the copy is zero outside the group
        x_lang = sparse.hstack([x, sparse.diags(in_group) @ x], format="csr")
        lang_weights = np.zeros(n_feat, dtype=np.float32)
        log(f"language copy for {cfg.lang_groups}: {int(in_group.sum())} rows")

    weights = np.zeros((n_char + n_word, len(HEADS)), dtype=np.float32)
    bias = np.zeros(len(HEADS), dtype=np.float32)
    pa = np.ones(len(HEADS), dtype=np.float32)
    pb = np.zeros(len(HEADS), dtype=np.float32)
    oof: dict[str, tuple[F32, BoolArray]] = {}
    for j, head in enumerate(HEADS):
        if head not in heads:
            continue
        use, y = head_rows(head, examples)
        copy = head == "offensive" and lang_weights is not None
        xh, yh, fh = (x_lang if copy else x)[use], y[use], folds[use]
        c = cfg.c[head]
        w, b = fit_linear(xh, yh, c, cfg.nb_alpha)
        weights[:, j], bias[j] = w[:n_feat], b
        if copy and lang_weights is not None:
            lang_weights[:] = w[n_feat:]
        if calibrate:
            z = np.zeros(yh.shape[0], dtype=np.float32)
            for k in range(splits.N_FOLDS):
                tr, te = fh != k, fh == k
                wk, bk = fit_linear(xh[tr], yh[tr], c, cfg.nb_alpha)
                z[te] = np.asarray(xh[te] @ wk).ravel() + bk
            pa[j], pb[j] = platt(z, yh)
            p = (1.0 / (1.0 + np.exp(-(pa[j] * z + pb[j])))).astype(np.float32)
            oof[head] = (p, yh)
        log(f"head {head}: {int(use.sum())} rows, {int(yh.sum())} positive, C={c}")
    meta: dict[str, Any] = {
        "normalizer": NORMALIZER,
        "train_rows": len(examples),
        "datasets": sorted({e.dataset for e in examples}),
        "c": cfg.c,
        "nb_alpha": cfg.nb_alpha,
    }
    scorer = ModelScorer(
        fc,
        char_idf,
        word_idf,
        weights,
        bias,
        pa,
        pb,
        meta,
        lang_weights=lang_weights,
        lang_groups=cfg.lang_groups if lang_weights is not None else (),
    )
    return TrainedModel(scorer, oof)
