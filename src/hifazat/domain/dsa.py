"""A decision as an EU DSA statement-of-reasons record (Transparency Database fields). Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hifazat.domain.policy.categories import DSA_CATEGORY, Category

#: Values the Transparency Database accepts, per enumerated field.
VISIBILITY = {
    "hide": "DECISION_VISIBILITY_CONTENT_DISABLED",
    "remove": "DECISION_VISIBILITY_CONTENT_REMOVED",
    "restrict_author": "DECISION_VISIBILITY_CONTENT_REMOVED",
    "suspend_author": "DECISION_VISIBILITY_CONTENT_REMOVED",
}
ACCOUNT = {
    "restrict_author": "DECISION_ACCOUNT_SUSPENDED",
    "suspend_author": "DECISION_ACCOUNT_SUSPENDED",
}
GROUNDS = ("DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT")
CONTENT_TYPES = ("CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER")
SOURCE_TYPES = (
    "SOURCE_ARTICLE_16",
    "SOURCE_TRUSTED_FLAGGER",
    "SOURCE_TYPE_OTHER_NOTIFICATION",
    "SOURCE_VOLUNTARY",
)
AUTOMATED_DECISION = (
    "AUTOMATED_DECISION_FULLY",
    "AUTOMATED_DECISION_PARTIALLY",
    "AUTOMATED_DECISION_NOT_AUTOMATED",
)
CATEGORIES = frozenset(v for v in DSA_CATEGORY.values() if v) | {"STATEMENT_CATEGORY_OTHER"}
#: Keyword (category_specification) per harm category.
KEYWORDS: dict[Category, str] = {
    Category.HARASSMENT: "KEYWORD_ONLINE_BULLYING_INTIMIDATION",
    Category.HATE: "KEYWORD_HATE_SPEECH",
    Category.THREAT: "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
    Category.SEXUAL_HARASSMENT: "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
    Category.DOXXING: "KEYWORD_NON_CONSENSUAL_ITEMS_DATA",
    Category.BLASPHEMY_ACCUSATION: "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
    Category.SELF_HARM: "KEYWORD_SELF_HARM",
    Category.SPAM_SCAM: "KEYWORD_INAUTHENTIC_ACCOUNTS",
}

#: Every field a record carries; ``validate`` checks them.
FIELDS: tuple[str, ...] = (
    "puid",
    "decision_visibility",
    "decision_account",
    "decision_ground",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "incompatible_content_illegal",
    "category",
    "category_specification",
    "content_type",
    "content_language",
    "content_date",
    "application_date",
    "end_date_account_restriction",
    "territorial_scope",
    "source_type",
    "automated_detection",
    "automated_decision",
    "decision_facts",
)
#: EU/EEA member states: the territorial scope when the content's region is unknown.
EEA = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IS",
    "IT",
    "LI",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]


@dataclass(frozen=True, slots=True)
class DecisionFacts:
    """What the export needs to know about one human or automated decision."""

    decision_id: int
    outcome: str  # hide | remove | restrict_author | suspend_author (no_action is not exported)
    category: str | None
    policy_version: str
    explanation: str
    automated_detection: bool
    automated_decision: bool
    trusted_flagger: bool
    reported: bool
    subject_type: str  # comment | content | account
    language: str | None
    region: str | None
    content_date: datetime
    decided_at: datetime
    restriction_ends_at: datetime | None


def _date(at: datetime) -> str:
    return at.strftime("%Y-%m-%d")


def statement_of_reasons(f: DecisionFacts) -> dict[str, Any]:
    """The Transparency Database record for one decision."""
    category = Category(f.category) if f.category in set(Category) else None
    dsa_category = (DSA_CATEGORY.get(category) if category else None) or "STATEMENT_CATEGORY_OTHER"
    if f.trusted_flagger:
        source = "SOURCE_TRUSTED_FLAGGER"
    elif f.reported:
        source = "SOURCE_TYPE_OTHER_NOTIFICATION"
    else:
        source = "SOURCE_VOLUNTARY"
    if f.automated_decision:
        automated = "AUTOMATED_DECISION_FULLY"
    elif f.automated_detection:
        automated = "AUTOMATED_DECISION_PARTIALLY"
    else:
        automated = "AUTOMATED_DECISION_NOT_AUTOMATED"
    lang = (f.language or "").split("-")[0]
    return {
        "puid": f"hifazat-decision-{f.decision_id}",
        "decision_visibility": [VISIBILITY[f.outcome]] if f.outcome in VISIBILITY else [],
        "decision_account": ACCOUNT.get(f.outcome),
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "incompatible_content_ground": f"Hifazat Community Guidelines {f.policy_version}"
        + (f", {category.value}" if category else ""),
        "incompatible_content_explanation": f.explanation,
        "incompatible_content_illegal": "No",
        "category": dsa_category,
        "category_specification": [KEYWORDS[category]] if category in KEYWORDS else [],
        "content_type": ["CONTENT_TYPE_TEXT"]
        if f.subject_type == "comment"
        else ["CONTENT_TYPE_OTHER"],
        "content_language": lang.upper() if len(lang) == 2 else None,
        "content_date": _date(f.content_date),
        "application_date": _date(f.decided_at),
        "end_date_account_restriction": _date(f.restriction_ends_at)
        if f.restriction_ends_at
        else None,
        "territorial_scope": [f.region.upper()]
        if f.region and f.region.upper() in EEA
        else list(EEA),
        "source_type": source,
        "automated_detection": "Yes" if f.automated_detection else "No",
        "automated_decision": automated,
        "decision_facts": f.explanation,
    }


def validate(record: Mapping[str, Any]) -> list[str]:
    """Every problem with a record against the field list (empty when it is valid)."""
    problems = [f"missing field {name}" for name in FIELDS if name not in record]
    problems += [f"unknown field {name}" for name in record if name not in FIELDS]
    if problems:
        return problems
    visibility: Sequence[str] = record["decision_visibility"] or []
    if not visibility and not record["decision_account"]:
        problems.append("a decision needs decision_visibility or decision_account")
    problems += [
        f"decision_visibility: bad value {v}" for v in visibility if v not in VISIBILITY.values()
    ]
    if record["decision_account"] not in (None, *ACCOUNT.values()):
        problems.append(f"decision_account: bad value {record['decision_account']}")
    if record["decision_ground"] not in GROUNDS:
        problems.append(f"decision_ground: bad value {record['decision_ground']}")
    if record["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT":
        for name in ("incompatible_content_ground", "incompatible_content_explanation"):
            if not record[name]:
                problems.append(f"{name} is required for incompatible content")
    if record["category"] not in CATEGORIES:
        problems.append(f"category: bad value {record['category']}")
    if not record["content_type"] or any(c not in CONTENT_TYPES for c in record["content_type"]):
        problems.append("content_type: one or more of " + ", ".join(CONTENT_TYPES))
    if record["source_type"] not in SOURCE_TYPES:
        problems.append(f"source_type: bad value {record['source_type']}")
    if record["automated_detection"] not in ("Yes", "No"):
        problems.append("automated_detection must be Yes or No")
    if record["automated_decision"] not in AUTOMATED_DECISION:
        problems.append(f"automated_decision: bad value {record['automated_decision']}")
    scope = record["territorial_scope"] or []
    if not scope or any(c not in EEA for c in scope):
        problems.append("territorial_scope: EU/EEA country codes")
    for name in ("content_date", "application_date"):
        if not _is_date(record[name]):
            problems.append(f"{name} must be YYYY-MM-DD")
    if len(str(record["decision_facts"] or "")) == 0:
        problems.append("decision_facts is required")
    return problems


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True
