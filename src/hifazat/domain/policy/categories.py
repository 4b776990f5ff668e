"""The harm taxonomy shared by detectors, policies and metrics (see DESIGN.md)."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    HARASSMENT = "harassment"
    HATE = "hate"
    THREAT = "threat"
    SEXUAL_HARASSMENT = "sexual_harassment"
    DOXXING = "doxxing"
    BLASPHEMY_ACCUSATION = "blasphemy_accusation"
    SELF_HARM = "self_harm"
    SPAM_SCAM = "spam_scam"
    PROFANITY = "profanity"


#: A text is abusive when any of these passes its threshold.
ABUSIVE_CATEGORIES: frozenset[Category] = frozenset(Category) - {
    Category.PROFANITY,
    Category.SPAM_SCAM,
}

#: EU DSA statement-of-reasons category for each harm category (None: not a DSA ground).
DSA_CATEGORY: dict[Category, str | None] = {
    Category.HARASSMENT: "STATEMENT_CATEGORY_CYBER_VIOLENCE",
    Category.HATE: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    Category.THREAT: "STATEMENT_CATEGORY_VIOLENCE",
    Category.SEXUAL_HARASSMENT: "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
    Category.DOXXING: "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    Category.BLASPHEMY_ACCUSATION: "STATEMENT_CATEGORY_VIOLENCE",
    Category.SELF_HARM: "STATEMENT_CATEGORY_SELF_HARM",
    Category.SPAM_SCAM: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Category.PROFANITY: None,
}

#: Default per-category thresholds (overridable in settings).
DEFAULT_THRESHOLDS: dict[Category, float] = {
    Category.HARASSMENT: 0.5,
    Category.HATE: 0.5,
    Category.THREAT: 0.5,
    Category.SEXUAL_HARASSMENT: 0.5,
    Category.DOXXING: 0.5,
    Category.BLASPHEMY_ACCUSATION: 0.5,
    Category.SELF_HARM: 0.5,
    Category.SPAM_SCAM: 0.5,
    Category.PROFANITY: 0.5,
}
