"""The detection engine: rules (lexicons + patterns) combined with the trained model.

Per category the engine takes the higher of the rule score and the model's calibrated
probability. Rules bring the evidence spans; when only the model fires for a category the
evidence is the whole text with source ``model``, so every positive carries evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol

from hifazat.domain.detection.model import (
    INDEPENDENT_HEADS,
    MODEL_CATEGORIES,
    TYPE_HEADS,
    load_model,
)
from hifazat.domain.detection.rules_detector import RulesDetector
from hifazat.domain.detection.signal import Evidence, Signal
from hifazat.domain.policy.categories import DEFAULT_THRESHOLDS, Category
from hifazat.domain.text.normalize import Normalized, normalize

__all__ = ["DetectionEngine", "ModelScorer", "default_detector"]


class ModelScorer(Protocol):
    """What the engine needs from a trained model (inputs are normalised texts)."""

    def category_matrix(
        self, normalized_texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> Any:
        """A (texts x :data:`MODEL_CATEGORIES`) array of calibrated probabilities."""
        ...


class DetectionEngine:
    """Implements :class:`~hifazat.domain.detection.signal.Detector`. Pure and thread-safe."""

    def __init__(
        self,
        rules: RulesDetector | None = None,
        model: ModelScorer | None = None,
        evidence_thresholds: Mapping[Category, float] = DEFAULT_THRESHOLDS,
    ) -> None:
        self.rules = rules if rules is not None else RulesDetector()
        self.model = model
        #: a model-only score at or over this gets a ``model`` evidence span
        self.evidence_thresholds = dict(evidence_thresholds)
        self._model_rows = tuple(
            (c, c in _CAPPED_HEADS, self.evidence_thresholds.get(c, 0.5)) for c in MODEL_CATEGORIES
        )

    def detect(self, text: str) -> Signal:
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: Sequence[str]) -> list[Signal]:
        norms = [normalize(t) for t in texts]
        signals = [self.rules.detect_normalized(n) for n in norms]
        if self.model is None or not norms:
            return signals
        # the model's language copy uses the language the rules reported (identified once)
        matrix = self.model.category_matrix([n.text for n in norms], [s.language for s in signals])
        combine = self._combine
        return [
            combine(n, s, row) for n, s, row in zip(norms, signals, matrix.tolist(), strict=True)
        ]

    def _combine(self, norm: Normalized, rules: Signal, row: list[float]) -> Signal:
        """Per category the higher of the rule score and the model's (``row``)."""
        # The threat and sexual-harassment heads learnt from a small in-house set and fire on
        # topic words ("video", "pics") alone; a text is only that harmful if it is offensive at
        # all, so they are capped by the model's P(abusive or offensive) (its top type head).
        offensive = max(row[:_N_TYPES])
        base = rules.scores
        scores: dict[Category, float] | None = None
        evidence: list[Evidence] | None = None
        for (category, capped, threshold), p in zip(self._model_rows, row, strict=True):
            if capped and p > offensive:
                p = offensive
            if p <= base.get(category, 0.0):
                continue
            if scores is None:
                scores = dict(base)
            scores[category] = p
            if p >= threshold and norm.original:
                if evidence is None:
                    evidence = list(rules.evidence)
                if all(e.category is not category for e in evidence):
                    evidence.append(
                        Evidence(category, 0, len(norm.original), norm.original, "model")
                    )
        if scores is None:
            return rules
        return Signal(
            language=rules.language,
            scores=scores,
            evidence=rules.evidence if evidence is None else tuple(evidence),
        )


#: Model heads whose maximum is the model's P(abusive or offensive) (the first columns).
_N_TYPES = len(TYPE_HEADS)
#: Independent heads trained on little data: never above P(abusive or offensive).
_CAPPED_HEADS = frozenset(Category(h) for h in INDEPENDENT_HEADS)


@lru_cache(maxsize=1)
def default_detector() -> DetectionEngine:
    """The shipped rules plus the shipped model when its file is present (loaded once)."""
    return DetectionEngine(RulesDetector(), load_model())
