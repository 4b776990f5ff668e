"""Detection without storage (``POST /v1/detect``, ``hifazat detect``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hifazat.domain.access import Principal
from hifazat.domain.detection.signal import Detector, Signal
from hifazat.services.runtime import Runtime


def detect_many(detector: Detector, texts: Sequence[str]) -> list[Signal]:
    batch = getattr(detector, "detect_batch", None)
    if batch is not None:
        result: list[Signal] = batch(list(texts))
        return result
    return [detector.detect(t) for t in texts]


def detect_texts(
    rt: Runtime, principal: Principal, items: Sequence[tuple[str | None, str]]
) -> list[dict[str, Any]]:
    """Signals in the ``hifazat detect`` shape, one per item, in order. Stores nothing."""
    del principal  # any authenticated role except partners may detect; checked at the edge
    thresholds = rt.settings.threshold_map()
    signals = detect_many(rt.detector, [text for _, text in items])
    return [
        {"id": item_id, **signal.as_dict(thresholds)}
        for (item_id, _), signal in zip(items, signals, strict=True)
    ]
