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


def _bucket(h: U32Array, tag: int, bits: int) -> U32Array:
    """Column of each hash ``h`` (salted by ``tag``) among ``2**bits`` columns."""
    out: U32Array = _mix(h ^ np.uint32(tag)) & np.uint32((1 << bits) - 1)
    return out


def _codepoints(texts: Sequence[str]) -> tuple[U32Array, I64Array]:
    """All texts as one code-point array, each as ``\\0 ' ' text ' '``, closed by one ``\\0``;
    and where each text starts (``len(texts) + 1`` offsets, the last one the closing ``\\0``)."""
    padded = ["\x00 " + t.replace("\x00", " ") + " " for t in texts]
    joined = "".join(padded) + "\x00"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, padded), dtype=np.int64, count=len(padded)), out=starts[1:])
    return cps, starts


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Hashed feature occurrences of a batch, grouped by document (CSR layout, duplicates kept).

    ``cols`` may hold ``null`` (the column count) for a window that does not exist (it crosses
    the end of its text); such entries have no weight and are dropped by :meth:`compact`.
    """

    cols: I64Array
    indptr: I64Array

    def doc_of_entry(self) -> I64Array:
        n_docs = self.indptr.shape[0] - 1
        return np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(self.indptr))

    def compact(self, null: int) -> Occurrences:
        keep = self.cols != null
        if keep.all():
            return self
        kept = np.concatenate(([0], np.cumsum(keep)))
        return Occurrences(self.cols[keep], kept[self.indptr])


def _char_table(texts: Sequence[str], cfg: FeatureConfig) -> Occurrences:
    """Every window start x every n, ``null`` (``2**char_bits``) where the window does not fit."""
    cps, starts = _codepoints(texts)
    size = cps.shape[0]
    ns = cfg.char_max - cfg.char_min + 1
    null = 1 << cfg.char_bits
    # distance from each position to the next document separator
    next_sep = np.repeat(starts[1:], np.diff(starts))
    room = np.empty(size, dtype=np.int64)
    room[:-1] = next_sep - np.arange(size - 1, dtype=np.int64)
    room[-1] = 0
    room[starts[:-1]] = 0  # a window never starts on the separator itself
    raw = np.empty((size, ns), dtype=np.uint32)
    h = np.full(size, _FNV_OFFSET, dtype=np.uint32)
    for n in range(1, cfg.char_max + 1):
        m = size - (n - 1)  # windows [i, i + n) that fit in the array
        h[:m] = (h[:m] ^ cps[n - 1 :]) * _FNV_PRIME
        if n >= cfg.char_min:
            # past ``m`` the values are stale, but those windows never fit (``room`` < n)
            np.bitwise_xor(h, np.uint32(n), out=raw[:, n - cfg.char_min])
    fits = room[:, None] >= np.arange(cfg.char_min, cfg.char_max + 1)
    table = np.where(fits, _mix(raw) & np.uint32(null - 1), null).astype(np.int64)
    return Occurrences(table.ravel()[: starts[-1] * ns], starts * ns)


def char_occurrences(texts: Sequence[str], cfg: FeatureConfig) -> Occurrences:
    """Character n-grams (``char_min``..``char_max``) of each text padded by one space each side."""
    return _char_table(texts, cfg).compact(1 << cfg.char_bits)


#: Up to this many words in a batch, words are hashed by a plain loop.
_FEW_WORDS = 64


def _fnv(codepoints: list[int]) -> int:
    """FNV-1a over code points, as the array passes compute it (modulo 2**32)."""
    h = 2166136261
    for c in codepoints:
        h = ((h ^ c) * 16777619) & 0xFFFFFFFF
    return h


def _word_table(texts: Sequence[str], cfg: FeatureConfig) -> Occurrences:
    """Per word: its unigram column and its bigram column (``null`` for a text's last word)."""
    cps, starts = _codepoints(texts)
    is_space = (cps == _SPACE) | ((cps >= 9) & (cps <= 13)) | (cps == 0xA0)
    is_word = (cps != _SEP) & ~is_space
    padded = np.zeros(is_word.shape[0] + 2, dtype=np.int8)
    padded[1:-1] = is_word
    edges = padded[1:] - padded[:-1]  # +1 where a word starts, -1 just after it ends
    w_starts = np.flatnonzero(edges == 1)
    lengths = np.minimum(np.flatnonzero(edges == -1) - w_starts, _MAX_WORD)
    if w_starts.shape[0] <= _FEW_WORDS:  # one comment: a plain loop beats 24 array passes
        h = np.fromiter(
            (
                _fnv(cps[a : a + n].tolist())
                for a, n in zip(w_starts.tolist(), lengths.tolist(), strict=True)
            ),
            dtype=np.uint32,
            count=w_starts.shape[0],
        )
    else:
        h = np.full(w_starts.shape[0], _FNV_OFFSET, dtype=np.uint32)
        for k in range(int(lengths.max()) if lengths.size else 0):
            active = np.flatnonzero(lengths > k)
            h[active] = (h[active] ^ cps[w_starts[active] + k]) * _FNV_PRIME
    null = 1 << cfg.word_bits
    per_doc = np.searchsorted(w_starts, starts)  # first word of each text (and the end)
    word_doc = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(per_doc))
    n_words = w_starts.shape[0]
    raw = np.zeros((n_words, 2), dtype=np.uint32)
    np.bitwise_xor(h, np.uint32(101), out=raw[:, 0])
    fits = np.zeros((n_words, 2), dtype=bool)
    fits[:, 0] = True
    if cfg.word_bigrams and n_words > 1:
        raw[:-1, 1] = ((h[:-1] * _FNV_PRIME) ^ _mix(h[1:])) ^ np.uint32(202)
        np.equal(word_doc[1:], word_doc[:-1], out=fits[:-1, 1])
    table = np.where(fits, _mix(raw) & np.uint32(null - 1), null).astype(np.int64)
    return Occurrences(table.ravel(), per_doc * 2)


def word_occurrences(texts: Sequence[str], cfg: FeatureConfig) -> Occurrences:
    """Whitespace-separated words and (optionally) word bigrams of each text."""
    return _word_table(texts, cfg).compact(1 << cfg.word_bits)


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
    _char_w: F32Array = field(init=False, repr=False, compare=False)
    _word_w: F32Array = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Scoring is one sparse product per block: a row per column of the block holding
        # [idf * head weights | idf * language copy | idf ** 2], plus a zero row for ``null``.
        # Summing those rows over a text's n-gram occurrences gives the un-normalised logits and
        # the squared norm of its tf-idf vector at once.
        n_char = self.char_idf.shape[0]
        w = self.weights
        if self.lang_weights is not None:
            w = np.hstack([w, self.lang_weights.reshape(-1, 1)])
        for name, idf, block in (
            ("_char_w", self.char_idf, w[:n_char]),
            ("_word_w", self.word_idf, w[n_char:]),
        ):
            table = np.zeros((idf.shape[0] + 1, block.shape[1] + 1), dtype=np.float32)
            table[:-1, :-1] = block * idf[:, None]
            table[:-1, -1] = idf * idf
            object.__setattr__(self, name, table)

    def in_groups(
        self, normalized_texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> F32Array:
        """1.0 for texts whose language id is one of ``lang_groups``, else 0.0.

        ``languages`` (one per text) saves identifying them again when the caller already has.
        """
        groups = self.lang_groups
        langs = languages if languages is not None else map(identify, normalized_texts)
        return np.fromiter(
            (1.0 if lang in groups else 0.0 for lang in langs),
            dtype=np.float32,
            count=len(normalized_texts),
        )

    def logits(
        self, normalized_texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> F32Array:
        """Uncalibrated head logits (without bias), one row per text."""
        n_heads = len(HEADS)
        out = np.empty((len(normalized_texts), n_heads), dtype=np.float32)
        for lo in range(0, len(normalized_texts), _CHUNK):
            chunk = normalized_texts[lo : lo + _CHUNK]
            z = _block(_char_table(chunk, self.cfg), self._char_w)
            z += _block(_word_table(chunk, self.cfg), self._word_w)
            if self.lang_weights is not None:
                langs = None if languages is None else languages[lo : lo + _CHUNK]
                z[:, 0] += z[:, n_heads] * self.in_groups(chunk, langs)
            out[lo : lo + len(chunk)] = z[:, :n_heads]
        return out

    def head_probabilities(
        self, normalized_texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> F32Array:
        """Calibrated probability of every head (columns in :data:`HEADS` order)."""
        if not normalized_texts:
            return np.zeros((0, len(HEADS)), dtype=np.float32)
        z = self.logits(normalized_texts, languages)
        return _sigmoid((z + self.bias) * self.platt_a + self.platt_b)

    def offensive_batch(self, normalized_texts: Sequence[str]) -> list[float]:
        """P(abusive or offensive) per text: the binary head used for the headline evaluation."""
        probs = self.head_probabilities(normalized_texts)
        return [float(p) for p in probs[:, 0]]

    def category_matrix(
        self, normalized_texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> npt.NDArray[np.float64]:
        """Per text, the probability of each of :data:`MODEL_CATEGORIES` (columns in order)."""
        return category_probabilities(self.head_probabilities(normalized_texts, languages))

    def score_batch(
        self, normalized_texts: list[str], languages: Sequence[str] | None = None
    ) -> list[dict[Category, float]]:
        probs = self.category_matrix(normalized_texts, languages)
        return [dict(zip(MODEL_CATEGORIES, row, strict=True)) for row in probs.tolist()]

    def score(self, normalized_text: str) -> dict[Category, float]:
        return self.score_batch([normalized_text])[0]


def _block(occ: Occurrences, table: F32Array) -> F32Array:
    """Per text: ``[logits | ...]`` of one feature block, divided by its tf-idf norm."""
    n_docs = occ.indptr.shape[0] - 1
    z: F32Array
    if occ.cols.shape[0] <= _SMALL:
        # a few texts (one comment at a time): a gather and a running sum beat building a matrix
        sums = np.zeros((occ.cols.shape[0] + 1, table.shape[1]), dtype=np.float64)
        np.cumsum(table[occ.cols], axis=0, out=sums[1:])
        z = (sums[occ.indptr[1:]] - sums[occ.indptr[:-1]]).astype(np.float32)
    else:
        ones = np.ones(occ.cols.shape[0], dtype=np.float32)
        x = sparse.csr_matrix((ones, occ.cols, occ.indptr), shape=(n_docs, table.shape[0]))
        z = np.asarray(x @ table, dtype=np.float32)
    norms = np.sqrt(np.maximum(z[:, -1], np.float32(0.0)))
    norms[norms == 0] = 1.0
    out: F32Array = (z[:, :-1] / norms[:, None]).astype(np.float32)
    return out


#: Up to this many n-gram occurrences a batch is scored without a sparse matrix.
_SMALL = 4096


#: Categories the model scores, in the column order of :func:`category_probabilities`.
MODEL_CATEGORIES: tuple[Category, ...] = tuple(
    Category(h) for h in (*TYPE_HEADS, *INDEPENDENT_HEADS)
)


def category_probabilities(probs: F32Array) -> npt.NDArray[np.float64]:
    """Head probabilities → category probabilities (columns :data:`MODEL_CATEGORIES`).

    The most likely type head carries P(offensive); the other types are scaled by their
    likelihood relative to it. Independent heads pass through. Rounded to 6 places.
    """
    n_types = len(TYPE_HEADS)
    types = probs[:, 1 : 1 + n_types]
    top = types.max(axis=1, keepdims=True)
    safe = np.where(top > 0, top, 1.0)
    scaled = np.where(top > 0, types / safe, 0.0) * probs[:, :1]
    out = np.hstack([scaled, probs[:, 1 + n_types :]]).astype(np.float64)
    rounded: npt.NDArray[np.float64] = np.round(out, 6)
    return rounded


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
