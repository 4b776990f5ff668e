"""The vocabulary a rule may read: names, types and allowed values. Pure."""

from __future__ import annotations

from hifazat.domain.detection.signal import LANGUAGES
from hifazat.domain.policy.categories import Category

NUMBER, STRING, BOOL, LIST = "number", "string", "bool", "list"

FIELDS: dict[str, str] = {
    **{f"score.{c.value}": NUMBER for c in Category},
    "score.max": NUMBER,
    "language": STRING,
    "labels": LIST,
    "evidence.sources": LIST,
    "evidence.count": NUMBER,
    "text.length": NUMBER,
    "text.has_link": BOOL,
    "author.known": BOOL,
    "author.account_age_days": NUMBER,
    "author.prior_strikes": NUMBER,
    "author.follows_creator": BOOL,
    "region": STRING,
    "hour": NUMBER,
    "weekday": NUMBER,
    "creator.safety_mode": BOOL,
    "creator.audience_size": NUMBER,
}

DESCRIPTIONS: dict[str, str] = {
    "score.<category>": "the detector's score for a harm category, 0 to 1",
    "score.max": "the highest score over the abusive categories",
    "language": "detected language: " + ", ".join(LANGUAGES),
    "labels": 'categories over their platform threshold, e.g. "harassment" in labels',
    "evidence.sources": 'where evidence came from, e.g. labels like "lexicon:ur-Latn"',
    "evidence.count": "how many evidence spans",
    "text.length": "characters in the comment",
    "text.has_link": "the comment contains a link",
    "author.known": "the platform told us who wrote it",
    "author.account_age_days": "days since the author's account was created (unknown: no match)",
    "author.prior_strikes": "the author's strikes that have not expired",
    "author.follows_creator": "the author follows the creator",
    "region": 'ISO 3166-1 alpha-2 region of the comment, e.g. "PK"',
    "hour": "hour of day (UTC) when the comment arrived, 0-23",
    "weekday": "day of week (UTC), 0 Monday .. 6 Sunday",
    "creator.safety_mode": "the creator's safety mode is on",
    "creator.audience_size": "the creator's audience size",
}

#: Values a string field (or a list's items) may take, for checking literals.
VALUES: dict[str, list[str]] = {
    "language": list(LANGUAGES),
    "labels": [c.value for c in Category],
}
