"""The trained text classifier: hashed character and word n-grams, linear heads, Platt calibration.

The model is a plain set of numpy arrays shipped as package data
(``hifazat/domain/detection/models/abuse-ngram.npz``); nothing is downloaded. Feature extraction
is vectorised over a whole batch with numpy (no per-n-gram Python loop), so scoring is fast enough
to sit in front of every comment.

Inputs must already be normalised with :func:`hifazat.domain.text.normalize.normalize`
(``normalize(text).text``): the model was trained on normalised text.

Outputs per category:

* an ``offensive`` head gives the calibrated probability that the text is abusive *or*
  offensive (any harm, including untargeted profanity);
* ``harassment`` / ``hate`` / ``profanity`` type heads, trained on offensive rows only, say which
  kind of offence it is. The most likely type carries the calibrated ``offensive`` probability and
  the other types are scaled by their likelihood relative to it, so ``max == P(offensive)``;
* ``threat`` and ``sexual_harassment`` are independent calibrated heads (small in-house data, see
  the model card).

Language-conditioned copy: the ``offensive`` head has a second weight vector over the same features
that is added only for texts the detector's own language id
(:func:`hifazat.domain.text.language.identify` on the normalised text) puts in ``lang_groups``
(Roman Urdu and mixed-script). It learns what differs in Roman Urdu on top of the shared weights.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from hifazat.domain.policy.categories import Category
from hifazat.domain.text.language import identify

MODEL_PACKAGE = "hifazat.domain.detection.models"
MODEL_FILE = "abuse-ngram.npz"

#: Head names in the weight matrix, in column order.
HEADS: tuple[str, ...] = (
    "offensive",
    "harassment",
    "hate",
    "profanity",
    "threat",
    "sexual_harassment",
)
TYPE_HEADS: tuple[str, ...] = ("harassment", "hate", "profanity")
INDEPENDENT_HEADS: tuple[str, ...] = ("threat", "sexual_harassment")

_SEP = 0  # code point that separates documents in a batch
_SPACE = 32
_FNV_OFFSET = np.uint32(2166136261)
_FNV_PRIME = np.uint32(16777619)
_MIX_1 = np.uint32(0x85EBCA6B)
_MIX_2 = np.uint32(0xC2B2AE35)
_MAX_WORD = 24  # longer words are hashed on their first 24 characters
_CHUNK = 4096  # documents featurised at a time (bounds memory)

U32Array = npt.NDArray[np.uint32]
I64Array = npt.NDArray[np.int64]
F32Array = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    char_min: int = 1
    char_max: int = 5
    char_bits: int = 19
    word_bits: int = 18
    word_bigrams: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "char_min": self.char_min,
            "char_max": self.char_max,
            "char_bits": self.char_bits,
            "word_bits": self.word_bits,
            "word_bigrams": self.word_bigrams,
        }


def _mix(h: U32Array) -> U32Array:
    """murmur3's 32-bit finaliser: spreads the bits of a rolling FNV-1a hash.

    Array arithmetic on unsigned integers wraps silently (modulo 2**32), as intended.
    """
    h = h ^ (h >> np.uint32(16))
    h = h * _MIX_1
    h = h ^ (h >> np.uint32(13))
    h = h * _MIX_2
    return h ^ (h >> np.uint32(16))


def _codepoints(texts: Sequence[str]) -> tuple[U32Array, I64Array]:
    """All texts as one code-point array, each as ``\\0 ' ' text ' '``; and the doc id per char."""
    padded = ["\x00 " + t.replace("\x00", " ") + " " for t in texts]
    joined = "".join(padded) + "\x00"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    doc = np.append(doc, max(len(texts) - 1, 0))
    return cps, doc


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Hashed feature occurrences of a batch, grouped by document (CSR layout, duplicates kept)."""

    cols: I64Array
    indptr: I64Array

    def doc_of_entry(self) -> I64Array:
        n_docs = self.indptr.shape[0] - 1
        return np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(self.indptr))


def _grouped(cols: U32Array, owner: I64Array, n_docs: int) -> Occurrences:
    counts = np.bincount(owner, minlength=n_docs)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return Occurrences(cols.astype(np.int64), indptr)


def char_occurrences(texts: Sequence[str], cfg: FeatureConfig) -> Occurrences:
    """Character n-grams (``char_min``..``char_max``) of each text padded by one space each side."""
    cps, doc = _codepoints(texts)
    size = cps.shape[0]
    ns = list(range(cfg.char_min, cfg.char_max + 1))
    hashed = np.zeros((size, len(ns)), dtype=np.uint32)
    valid = np.zeros((size, len(ns)), dtype=bool)
    sep_cum = np.concatenate(([0], np.cumsum(cps == _SEP)))
    mask = np.uint32((1 << cfg.char_bits) - 1)
    h = np.full(size, _FNV_OFFSET, dtype=np.uint32)
    for n in range(1, cfg.char_max + 1):
        k = n - 1
        m = size - k  # windows [i, i + n) that fit
        h[:m] = (h[:m] ^ cps[k:]) * _FNV_PRIME
        if n < cfg.char_min:
            continue
        j = n - cfg.char_min
        hashed[:m, j] = _mix(h[:m] ^ np.uint32(n)) & mask
        valid[:m, j] = sep_cum[n : n + m] == sep_cum[:m]
    # row-major flattening keeps entries ordered by start position, hence by document
    cols = hashed[valid]
    owner = np.repeat(doc, valid.sum(axis=1))
    return _grouped(cols, owner, len(texts))


def word_occurrences(texts: Sequence[str], cfg: FeatureConfig) -> Occurrences:
    """Whitespace-separated words and (optionally) word bigrams of each text."""
    cps, doc = _codepoints(texts)
    is_space = (cps == _SPACE) | ((cps >= 9) & (cps <= 13)) | (cps == 0xA0)
    is_word = (cps != _SEP) & ~is_space
    prev = np.concatenate(([False], is_word[:-1]))
    nxt = np.concatenate((is_word[1:], [False]))
    starts = np.flatnonzero(is_word & ~prev)
    ends = np.flatnonzero(is_word & ~nxt) + 1
    lengths = np.minimum(ends - starts, _MAX_WORD)
    h = np.full(starts.shape[0], _FNV_OFFSET, dtype=np.uint32)
    for k in range(int(lengths.max()) if lengths.size else 0):
        active = lengths > k
        h[active] = (h[active] ^ cps[starts[active] + k]) * _FNV_PRIME
    mask = np.uint32((1 << cfg.word_bits) - 1)
    word_doc = doc[starts]
    n_words = starts.shape[0]
    hashed = np.zeros((n_words, 2), dtype=np.uint32)
    valid = np.zeros((n_words, 2), dtype=bool)
    hashed[:, 0] = _mix(h ^ np.uint32(101)) & mask
    valid[:, 0] = True
    if cfg.word_bigrams and n_words > 1:
        nxt_h = _mix(h[1:])
        hashed[:-1, 1] = _mix((h[:-1] * _FNV_PRIME) ^ nxt_h ^ np.uint32(202)) & mask
        valid[:-1, 1] = word_doc[1:] == word_doc[:-1]
    cols = hashed[valid]
    owner = np.repeat(word_doc, valid.sum(axis=1))
    return _grouped(cols, owner, len(texts))


def count_matrix(occ: Occurrences, n_cols: int) -> sparse.csr_matrix:
    """Term counts (duplicates summed): used when fitting idf."""
    data = np.ones(occ.cols.shape[0], dtype=np.float32)
    m = sparse.csr_matrix((data, occ.cols, occ.indptr), shape=(occ.indptr.shape[0] - 1, n_cols))
    m.sum_duplicates()
    return m


def tfidf_matrix(occ: Occurrences, idf: F32Array) -> sparse.csr_matrix:
    """Raw term frequency x idf, each row divided by sqrt(sum of idf^2 over its occurrences).

    Duplicate entries are kept (a CSR product sums them), which avoids a sort per batch; for texts
    whose n-grams are all distinct this is exactly the L2-normalised tf-idf vector.
    """
    raw: F32Array = idf[occ.cols]
    sq = np.bincount(occ.doc_of_entry(), weights=raw * raw, minlength=occ.indptr.shape[0] - 1)
    norms = np.sqrt(sq).astype(np.float32)
    norms[norms == 0] = 1.0
    vals = raw / np.repeat(norms, np.diff(occ.indptr))
    n_docs = occ.indptr.shape[0] - 1
    return sparse.csr_matrix((vals, occ.cols, occ.indptr), shape=(n_docs, idf.shape[0]))


def features(
    texts: Sequence[str], cfg: FeatureConfig, char_idf: F32Array, word_idf: F32Array
) -> sparse.csr_matrix:
    """The model's input matrix: [char tf-idf | word tf-idf], each block normalised on its own."""
    xc = tfidf_matrix(char_occurrences(texts, cfg), char_idf)
    xw = tfidf_matrix(word_occurrences(texts, cfg), word_idf)
    return sparse.hstack([xc, xw], format="csr")


def _sigmoid(z: F32Array) -> F32Array:
    out: F32Array = (1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))).astype(np.float32)
    return out


@dataclass(frozen=True)
class ModelScorer:
    """Calibrated per-category probabilities for normalised texts. Immutable and thread-safe."""

    cfg: FeatureConfig
    char_idf: F32Array
    word_idf: F32Array
    weights: F32Array  # (n_char + n_word, len(HEADS))
    bias: F32Array  # (len(HEADS),)
    platt_a: F32Array  # (len(HEADS),)  p = sigmoid(a * z + b)
    platt_b: F32Array
    meta: dict[str, Any]
    #: offensive-head weights added for texts whose language is in ``lang_groups`` (or ``None``)
    lang_weights: F32Array | None = None
    lang_groups: tuple[str, ...] = ()
    _w: F32Array = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One weight matrix for one product: the head columns, then the language copy (if any).
        w = self.weights
        if self.lang_weights is not None:
            w = np.hstack([w, self.lang_weights.reshape(-1, 1)])
        object.__setattr__(self, "_w", np.ascontiguousarray(w, dtype=np.float32))

    def in_groups(self, normalized_texts: Sequence[str]) -> F32Array:
        """1.0 for texts whose language id is one of ``lang_groups``, else 0.0."""
        groups = self.lang_groups
        return np.fromiter(
            (1.0 if identify(t) in groups else 0.0 for t in normalized_texts),
            dtype=np.float32,
            count=len(normalized_texts),
        )

    def _logits(self, z: F32Array, normalized_texts: Sequence[str]) -> F32Array:
        """Head logits from the raw products (folds the language copy into ``offensive``)."""
        n_heads = len(HEADS)
        if self.lang_weights is None:
            return z
        out: F32Array = z[:, :n_heads].copy()
        out[:, 0] += z[:, n_heads] * self.in_groups(normalized_texts)
        return out

    def head_probabilities(self, normalized_texts: Sequence[str]) -> F32Array:
        """Calibrated probability of every head (columns in :data:`HEADS` order)."""
        if not normalized_texts:
            return np.zeros((0, len(HEADS)), dtype=np.float32)
        n_char = self.char_idf.shape[0]
        w = self._w
        if len(normalized_texts) == 1:  # one comment: skip the sparse-matrix machinery
            z1 = _one(char_occurrences(normalized_texts, self.cfg), self.char_idf, w[:n_char])
            z1 += _one(word_occurrences(normalized_texts, self.cfg), self.word_idf, w[n_char:])
            z1 = self._logits(z1.reshape(1, -1), normalized_texts)
            return _sigmoid((z1 + self.bias) * self.platt_a + self.platt_b)
        out = np.empty((len(normalized_texts), len(HEADS)), dtype=np.float32)
        for lo in range(0, len(normalized_texts), _CHUNK):
            chunk = normalized_texts[lo : lo + _CHUNK]
            xc = tfidf_matrix(char_occurrences(chunk, self.cfg), self.char_idf)
            xw = tfidf_matrix(word_occurrences(chunk, self.cfg), self.word_idf)
            z = np.asarray(xc @ w[:n_char] + xw @ w[n_char:], dtype=np.float32)
            out[lo : lo + len(chunk)] = self._logits(z, chunk)
        return _sigmoid((out + self.bias) * self.platt_a + self.platt_b)

    def offensive_batch(self, normalized_texts: Sequence[str]) -> list[float]:
        """P(abusive or offensive) per text: the binary head used for the headline evaluation."""
        probs = self.head_probabilities(normalized_texts)
        return [float(p) for p in probs[:, 0]]

    def score_batch(self, normalized_texts: list[str]) -> list[dict[Category, float]]:
        probs = self.head_probabilities(normalized_texts)
        return [_categories(row) for row in probs]

    def score(self, normalized_text: str) -> dict[Category, float]:
        return self.score_batch([normalized_text])[0]


def _one(occ: Occurrences, idf: F32Array, weights: F32Array) -> F32Array:
    """Head logits of a single document (same maths as :func:`tfidf_matrix` @ weights)."""
    raw = idf[occ.cols]
    norm = np.float32(np.sqrt(np.dot(raw, raw))) or np.float32(1.0)
    z: F32Array = ((raw / norm) @ weights[occ.cols]).astype(np.float32)
    return z


def _categories(row: F32Array) -> dict[Category, float]:
    offensive = float(row[0])
    types = row[1 : 1 + len(TYPE_HEADS)]
    top = float(types.max())
    out: dict[Category, float] = {}
    for name, p in zip(TYPE_HEADS, types, strict=True):
        rel = float(p) / top if top > 0 else 0.0
        out[Category(name)] = round(offensive * rel, 6)
    for j, name in enumerate(INDEPENDENT_HEADS, start=1 + len(TYPE_HEADS)):
        out[Category(name)] = round(float(row[j]), 6)
    return out


def load_model_bytes(data: bytes) -> ModelScorer:
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        meta = json.loads(bytes(z["meta"]).decode("utf-8"))
        if list(meta.get("heads", [])) != list(HEADS):
            raise ValueError(f"model heads {meta.get('heads')} do not match {list(HEADS)}")
        return ModelScorer(
            cfg=FeatureConfig(**meta["features"]),
            char_idf=z["char_idf"].astype(np.float32),
            word_idf=z["word_idf"].astype(np.float32),
            weights=np.ascontiguousarray(z["weights"].astype(np.float32)),
            bias=z["bias"].astype(np.float32),
            platt_a=z["platt_a"].astype(np.float32),
            platt_b=z["platt_b"].astype(np.float32),
            meta=meta,
            lang_weights=(
                z["lang_weights"].astype(np.float32) if "lang_weights" in z.files else None
            ),
            lang_groups=tuple(meta.get("lang_groups", ())),
        )


_CACHE: dict[str, ModelScorer | None] = {}


def load_model() -> ModelScorer | None:
    """The shipped model from package data, or ``None`` when the package has no model file."""
    if MODEL_FILE not in _CACHE:
        try:
            data = resources.files(MODEL_PACKAGE).joinpath(MODEL_FILE).read_bytes()
        except (FileNotFoundError, ModuleNotFoundError):
            _CACHE[MODEL_FILE] = None
        else:
            _CACHE[MODEL_FILE] = load_model_bytes(data)
    return _CACHE[MODEL_FILE]
