"""Writing the model file (kept out of the pure domain package)."""

from __future__ import annotations

import json
import os
from typing import IO, Any

import numpy as np

from hifazat.domain.detection.model import HEADS, ModelScorer


def save_model(scorer: ModelScorer, path: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the arrays as a compressed ``.npz`` (weights as float16 to keep the file small)."""
    meta = dict(scorer.meta)
    meta["features"] = scorer.cfg.as_dict()
    meta["heads"] = list(HEADS)
    meta["lang_groups"] = list(scorer.lang_groups)
    extra: dict[str, Any] = {}
    if scorer.lang_weights is not None:
        extra["lang_weights"] = scorer.lang_weights.astype(np.float16)
    np.savez_compressed(
        path,
        **extra,
        char_idf=scorer.char_idf.astype(np.float16),
        word_idf=scorer.word_idf.astype(np.float16),
        weights=scorer.weights.astype(np.float16),
        bias=scorer.bias.astype(np.float32),
        platt_a=scorer.platt_a.astype(np.float32),
        platt_b=scorer.platt_b.astype(np.float32),
        meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
    )
