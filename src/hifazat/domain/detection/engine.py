"""The detection engine: rules (lexicons + patterns) combined with the trained model.

Per category the engine takes the higher of the rule score and the model's calibrated
probability. Rules bring the evidence spans; when only the model fires for a category the
evidence is the whole text with source ``model``, so every positive carries evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Protocol

from hifazat.domain.detection.rules_detector import RulesDetector
from hifazat.domain.detection.signal import Evidence, Signal
from hifazat.domain.policy.categories import DEFAULT_THRESHOLDS, Category
from hifazat.domain.text.normalize import Normalized, normalize

__all__ = ["DetectionEngine", "ModelScorer", "default_detector"]


class ModelScorer(Protocol):
    """What the engine needs from a trained model (inputs are normalised texts)."""

    def score_batch(self, normalized_texts: list[str]) -> list[dict[Category, float]]: ...

    def score(self, normalized_text: str) -> dict[Category, float]: ...


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

    def detect(self, text: str) -> Signal:
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: Sequence[str]) -> list[Signal]:
        norms = [normalize(t) for t in texts]
        signals = [self.rules.detect_normalized(n) for n in norms]
        if self.model is None or not norms:
            return signals
        model_scores = self.model.score_batch([n.text for n in norms])
        return [
            self._combine(n, s, m) for n, s, m in zip(norms, signals, model_scores, strict=True)
        ]

    def _combine(self, norm: Normalized, rules: Signal, model: Mapping[Category, float]) -> Signal:
        scores = dict(rules.scores)
        evidence = list(rules.evidence)
        with_evidence = {e.category for e in evidence}
        # The threat and sexual-harassment heads learnt from a small in-house set and fire on
        # topic words ("video", "pics") alone; a text is only that harmful if it is offensive at
        # all, so they are capped by the model's P(abusive or offensive) (its top type head).
        offensive = max((float(model.get(c, 0.0)) for c in _TYPE_HEADS), default=0.0)
        for category, p in model.items():
            p = float(p)
            if category in _CAPPED_HEADS:
                p = min(p, offensive)
            if p > scores.get(category, 0.0):
                scores[category] = round(p, 4)
                threshold = self.evidence_thresholds.get(category, 0.5)
                if p >= threshold and category not in with_evidence and norm.original:
                    evidence.append(
                        Evidence(category, 0, len(norm.original), norm.original, "model")
                    )
                    with_evidence.add(category)
        return Signal(language=rules.language, scores=scores, evidence=tuple(evidence))


#: Model heads whose maximum is the model's P(abusive or offensive).
_TYPE_HEADS = (Category.HARASSMENT, Category.HATE, Category.PROFANITY)
#: Independent heads trained on little data: never above P(abusive or offensive).
_CAPPED_HEADS = frozenset({Category.THREAT, Category.SEXUAL_HARASSMENT})


def _load_model() -> ModelScorer | None:
    try:
        from hifazat.domain.detection import model as model_module
    except ImportError:  # pragma: no cover - the model module is optional
        return None
    loader = getattr(model_module, "load_model", None)
    if loader is None:
        return None
    scorer: ModelScorer | None = loader()
    return scorer


@lru_cache(maxsize=1)
def default_detector() -> DetectionEngine:
    """The shipped rules plus the shipped model when its file is present (loaded once)."""
    return DetectionEngine(RulesDetector(), _load_model())
