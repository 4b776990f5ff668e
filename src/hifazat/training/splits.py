"""Deterministic held-out splits by a hash of a duplicate-insensitive key of the text.

Near-duplicates (retweets, case, punctuation, stretched letters, handles, URLs) share a key and so
always land on the same side: nothing leaks from train into test.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

TEST_BUCKETS = 20  # of 100: 20 % held out for testing
N_FOLDS = 5

_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|[^\w\s]|\d|_", re.UNICODE)
_RT = re.compile(r"^(?:rt\s+)+")
_REPEAT = re.compile(r"(.)\1+")


def split_key(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).casefold()
    t = _NOISE.sub(" ", t)
    t = " ".join(t.split())
    t = _RT.sub("", t)
    return _REPEAT.sub(r"\1", t)


def bucket(text: str) -> int:
    """0..99, stable across runs, machines and Python versions."""
    digest = hashlib.sha1(split_key(text).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100


def is_test(text: str) -> bool:
    return bucket(text) < TEST_BUCKETS


def fold(text: str) -> int:
    """Cross-validation fold 0..4 (used inside the training split and for Akhter 5-fold CV)."""
    return bucket(text) % N_FOLDS
