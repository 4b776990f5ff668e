"""Training of the shipped model: hashed n-gram tf-idf, NB-weighted linear heads, Platt scaling.

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
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

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
    #: inverse regularisation per head (chosen on the training split's folds, see the model card)
    c: dict[str, float] = field(
        default_factory=lambda: {
            "offensive": 0.5,
            "harassment": 10.0,
            "hate": 10.0,
            "profanity": 10.0,
            "threat": 10.0,
            "sexual_harassment": 10.0,
        }
    )
    #: loss per head: ``"svm"`` (L2-regularised squared-hinge linear SVM, as in NB-SVM) or
    #: ``"lr"`` (logistic regression); heads not listed use ``"lr"``
    loss: dict[str, str] = field(default_factory=lambda: {"offensive": "svm"})
    nb_alpha: float = 1.0
    #: weight of the offensive head's training rows by data set (others 1.0), on top of the
    #: balanced class weights
    dataset_weight: dict[str, float] = field(
        default_factory=lambda: {"toxigen_seeds": 3.0, "inhouse": 3.0}
    )
    #: Move the offensive head's 0.5 point to the threshold that maximises the mean binary
    #: macro-F1 of rules + model over ``operating_sets`` on out-of-fold predictions of the
    #: training split (a shift of the Platt intercept: a change of class prior, same ranking).
    operating_point: bool = True
    operating_sets: tuple[str, ...] = ("ruhsold", "davidson", "urdu_abusive_akhter")
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


def fit_linear(
    x: sparse.csr_matrix,
    y: BoolArray,
    c: float,
    alpha: float,
    loss: str = "lr",
    sample_weight: npt.NDArray[np.float64] | None = None,
) -> tuple[F32, float]:
    """NB-weighted linear model; returns weights on the *unscaled* features and bias."""
    r = nb_ratio(x, y, alpha)
    clf: LogisticRegression | LinearSVC
    if loss == "svm":
        clf = LinearSVC(C=c, class_weight="balanced", dual=True, max_iter=5000, random_state=SEED)
    elif loss == "lr":
        clf = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced", max_iter=2000, random_state=SEED
        )
    else:
        raise ValueError(f"unknown loss {loss!r}")
    clf.fit(x @ sparse.diags(r), y.astype(np.int64), sample_weight=sample_weight)
    w = (clf.coef_.ravel().astype(np.float32) * r).astype(np.float32)
    return w, float(clf.intercept_[0])


def platt(z: F32, y: BoolArray) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a * z + b), fitted on out-of-fold decision values."""
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(z.reshape(-1, 1), y.astype(np.int64))
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def rule_scores(texts: Sequence[str]) -> F32:
    """Highest rule score (lexicons and patterns) per raw text over the harm categories."""
    from hifazat.domain.detection.rules_detector import RulesDetector
    from hifazat.domain.policy.categories import Category
    from hifazat.domain.text.normalize import normalize

    rules = RulesDetector()
    out = np.zeros(len(texts), dtype=np.float32)
    for i, t in enumerate(texts):
        scores = rules.detect_normalized(normalize(t)).scores
        out[i] = max((v for c, v in scores.items() if c is not Category.SPAM_SCAM), default=0.0)
    return out


#: thresholds tried for the operating point
OPERATING_GRID: tuple[float, ...] = tuple(round(0.3 + 0.025 * i, 3) for i in range(21))


def operating_threshold(
    p: F32, y: BoolArray, rules: F32, groups: Sequence[str], sets: Sequence[str]
) -> tuple[float, dict[float, float]]:
    """The threshold on P(offensive) with the best mean macro-F1 of max(rules, model) per set."""
    g = np.asarray(groups)
    names = [s for s in sets if (g == s).any()] or sorted(set(g.tolist()))
    combined = np.maximum(p, rules)
    mean_f1: dict[float, float] = {}
    for t in OPERATING_GRID:
        f1s = [
            float(f1_score(y[g == s], combined[g == s] >= t, average="macro", zero_division=0.0))
            for s in names
        ]
        mean_f1[t] = float(np.mean(f1s))
    best = max(OPERATING_GRID, key=lambda t: (mean_f1[t], -abs(t - 0.5)))
    return best, mean_f1


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
    operating = 0.5
    for j, head in enumerate(HEADS):
        if head not in heads:
            continue
        use, y = head_rows(head, examples)
        copy = head == "offensive" and lang_weights is not None
        xh, yh, fh = (x_lang if copy else x)[use], y[use], folds[use]
        c, loss = cfg.c[head], cfg.loss.get(head, "lr")
        sw = None
        if head == "offensive" and cfg.dataset_weight:
            sw = np.array([cfg.dataset_weight.get(e.dataset, 1.0) for e in examples])[use]
        w, b = fit_linear(xh, yh, c, cfg.nb_alpha, loss, sw)
        weights[:, j], bias[j] = w[:n_feat], b
        if copy and lang_weights is not None:
            lang_weights[:] = w[n_feat:]
        if calibrate:
            z = np.zeros(yh.shape[0], dtype=np.float32)
            for k in range(splits.N_FOLDS):
                tr, te = fh != k, fh == k
                swk = None if sw is None else sw[tr]
                wk, bk = fit_linear(xh[tr], yh[tr], c, cfg.nb_alpha, loss, swk)
                z[te] = np.asarray(xh[te] @ wk).ravel() + bk
            pa[j], pb[j] = platt(z, yh)
            p = (1.0 / (1.0 + np.exp(-(pa[j] * z + pb[j])))).astype(np.float32)
            if head == "offensive" and cfg.operating_point:
                rules = rule_scores([e.text for e in examples])[use]
                sets = [e.dataset for e, u in zip(examples, use, strict=True) if u]
                t, curve = operating_threshold(p, yh, rules, sets, cfg.operating_sets)
                pb[j] -= float(np.log(t / (1.0 - t)))
                p = (1.0 / (1.0 + np.exp(-(pa[j] * z + pb[j])))).astype(np.float32)
                operating = t
                log(f"operating point {t} (mean macro-F1 {curve[t]:.4f}, at 0.5 {curve[0.5]:.4f})")
            oof[head] = (p, yh)
        log(f"head {head}: {int(use.sum())} rows, {int(yh.sum())} positive, C={c}, {loss}")
    meta: dict[str, Any] = {
        "normalizer": NORMALIZER,
        "train_rows": len(examples),
        "datasets": sorted({e.dataset for e in examples}),
        "c": cfg.c,
        "nb_alpha": cfg.nb_alpha,
        "dataset_weight": cfg.dataset_weight,
        "loss": {h: cfg.loss.get(h, "lr") for h in HEADS},
        "operating_point": operating,
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
