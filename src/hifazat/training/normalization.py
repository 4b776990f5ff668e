"""The normalisation applied before the model, at training and at scoring time.

Uses the detection pipeline's :func:`hifazat.domain.text.normalize.normalize` when it exists, so the
model sees exactly what the detector gives it; otherwise a light local fallback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u0640]")
_REPEAT = re.compile(r"(.)\1{2,}")


def _fallback(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).casefold()
    t = _ZERO_WIDTH.sub("", t)
    t = _REPEAT.sub(r"\1\1", t)
    return " ".join(t.split())


def _resolve() -> tuple[Callable[[str], str], str]:
    try:
        from hifazat.domain.text.normalize import normalize
    except ImportError:
        return _fallback, "fallback"

    def norm(text: str) -> str:
        return normalize(text).text

    return norm, "hifazat.domain.text.normalize"


normalize_text, NORMALIZER = _resolve()
