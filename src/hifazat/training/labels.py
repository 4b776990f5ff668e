"""The common label scheme every dataset is mapped to (see ``shared/data/README.md`` section 3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Label(StrEnum):
    NONE = "none"
    OFFENSIVE = "offensive"  # profanity, vulgarity, untargeted rudeness
    HARASSMENT_INSULT = "harassment_insult"  # abuse aimed at a person
    HATE = "hate"  # attack on a protected group
    THREAT = "threat"
    SEXUAL = "sexual"


#: Model head fed by each common label (``none`` feeds none).
HEAD_OF_LABEL: dict[Label, str] = {
    Label.OFFENSIVE: "profanity",
    Label.HARASSMENT_INSULT: "harassment",
    Label.HATE: "hate",
    Label.THREAT: "threat",
    Label.SEXUAL: "sexual_harassment",
}


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text.

    ``labels`` is multi-label; empty means ``none``. ``typed`` says whether the harm type is known:
    a row labelled only "abusive" (Akhter, RUHSOLD coarse-only) is offensive of unknown type and
    only feeds the binary head.
    """

    text: str
    dataset: str
    language: str  # "en", "ur" (Arabic script), "ur-Latn" (Roman Urdu), "hi-Latn"
    labels: frozenset[Label] = field(default_factory=frozenset)
    typed: bool = True
    group: str = ""  # e.g. a HateCheck functionality or a fine source label

    @property
    def offensive(self) -> bool:
        return bool(self.labels)
