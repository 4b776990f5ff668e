"""A creator's own controls applied to a comment. Pure.

Controls only ever *add* grounds (hold, hide); the decision takes the most restrictive of the
platform's outcome and these, so a creator's controls never loosen platform rules. Authors on
the creator's allow list skip the creator's controls (never the platform's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from hifazat.domain.detection.signal import Evidence, Signal
from hifazat.domain.policy.actions import Action
from hifazat.domain.policy.categories import ABUSIVE_CATEGORIES, Category
from hifazat.domain.policy.context import Context, has_link
from hifazat.domain.policy.grounds import CONTROL, SAFETY_MODE, Reason
from hifazat.domain.text.normalize import Normalized, normalize, phonetic_key

_WORD = re.compile(r"\w+")


class FilterLevel(StrEnum):
    OFF = "off"
    LOW = "low"
    STANDARD = "standard"
    HIGH = "high"
    STRICT = "strict"


LEVELS = [lvl.value for lvl in FilterLevel]
WHO_MAY_COMMENT = ("everyone", "followers", "nobody")

#: How far below the platform threshold a creator's filter starts holding, per level.
#: ``None``: the level adds nothing. Abusive categories are held from just below the
#: threshold at "standard"; swearing and spam only when the creator asks for "high" or more.
_ABUSIVE_FLOOR: dict[FilterLevel, float | None] = {
    FilterLevel.OFF: None,
    FilterLevel.LOW: None,
    FilterLevel.STANDARD: -1.0,  # replaced by -hold_margin
    FilterLevel.HIGH: -0.25,
    FilterLevel.STRICT: -0.35,
}
_OTHER_FLOOR: dict[FilterLevel, float | None] = {
    FilterLevel.OFF: None,
    FilterLevel.LOW: None,
    FilterLevel.STANDARD: None,
    FilterLevel.HIGH: 0.0,
    FilterLevel.STRICT: -0.15,
}


def _key(token: str) -> str:
    """Tokens meet when their Roman Urdu phonetic keys meet (kutta/kuta/kuttey)."""
    return phonetic_key(token) or token


def _tokens(norm: Normalized) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _key(m.group(0))) for m in _WORD.finditer(norm.text)]


@lru_cache(maxsize=4096)
def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in _WORD.findall(normalize(phrase).text))


def phrase_keys(phrases: Iterable[str]) -> set[tuple[str, ...]]:
    keys = {_phrase_key(k) for k in phrases}
    keys.discard(())
    return keys


def keyword_hits(
    text: str, keywords: Iterable[str], source: str = "keyword:creator"
) -> list[Evidence]:
    """Where the creator's keywords or phrases occur.

    Both sides are normalised (spacing, leetspeak, stretched letters, look-alike characters,
    Urdu letter variants) and compared word by word on phonetic keys, so spelling variants
    meet. Offsets index the original text."""
    phrases = phrase_keys(keywords)
    if not phrases:
        return []
    norm = normalize(text)
    tokens = _tokens(norm)
    keys = [t[2] for t in tokens]
    hits: list[Evidence] = []
    for phrase in sorted(phrases):
        n = len(phrase)
        for i in range(len(keys) - n + 1):
            if tuple(keys[i : i + n]) == phrase:
                start, end = norm.to_original(tokens[i][0], tokens[i + n - 1][1])
                hits.append(
                    Evidence(
                        category=Category.HARASSMENT,
                        start=start,
                        end=end,
                        match=text[start:end],
                        source=source,
                    )
                )
    return sorted(hits, key=lambda e: (e.start, e.end))


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().lstrip("@").casefold() for v in values if v.strip())


@dataclass(frozen=True)
class Controls:
    """Everything a creator sets for their own comments."""

    filter_levels: Mapping[Category, FilterLevel] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    allow_list: frozenset[str] = frozenset()
    block_list: frozenset[str] = frozenset()
    who_may_comment: str = "everyone"
    hold_links: bool = False
    hold_new_accounts_days: int = 0
    safety_mode_auto: bool = False

    def level(self, category: Category) -> FilterLevel:
        return self.filter_levels.get(category, FilterLevel.STANDARD)

    def lists(self, author_id: str | None, handle: str | None) -> tuple[bool, bool]:
        """(allow-listed, block-listed) for an author, by id or handle, case-insensitive."""
        names = {n.casefold().lstrip("@") for n in (author_id, handle) if n}
        return bool(names & self.allow_list), bool(names & self.block_list)

    def as_settings(self) -> dict[str, Any]:
        """The JSON stored in creator_controls.settings (keywords are stored separately)."""
        return {
            "filter_levels": {c.value: lvl.value for c, lvl in self.filter_levels.items()},
            "allow_list": sorted(self.allow_list),
            "block_list": sorted(self.block_list),
            "who_may_comment": self.who_may_comment,
            "hold_links": self.hold_links,
            "hold_new_accounts_days": self.hold_new_accounts_days,
            "safety_mode_auto": self.safety_mode_auto,
        }

    @staticmethod
    def from_settings(settings: Mapping[str, Any], keywords: Iterable[str] = ()) -> Controls:
        """From stored JSON (already validated when it was saved)."""
        levels = {
            Category(c): FilterLevel(v)
            for c, v in dict(settings.get("filter_levels") or {}).items()
            if c in Category.__members__.values() and v in LEVELS
        }
        return Controls(
            filter_levels=levels,
            keywords=tuple(keywords),
            allow_list=_names(settings.get("allow_list") or ()),
            block_list=_names(settings.get("block_list") or ()),
            who_may_comment=str(settings.get("who_may_comment") or "everyone"),
            hold_links=bool(settings.get("hold_links", False)),
            hold_new_accounts_days=int(settings.get("hold_new_accounts_days") or 0),
            safety_mode_auto=bool(settings.get("safety_mode_auto", False)),
        )


@dataclass(frozen=True)
class Shield:
    """Safety mode while it is on: stricter filters, held strangers, muted phrases."""

    period_id: int
    muted_phrases: tuple[str, ...] = ()
    new_account_days: int = 30


#: The lowest score from which any filter holds a comment.
MIN_FLOOR = 0.01
_CATEGORIES = tuple(Category)


def floor(level: FilterLevel, category: Category, threshold: float, margin: float) -> float | None:
    """The score from which a creator's filter holds a comment, or None if it adds nothing."""
    table = _ABUSIVE_FLOOR if category in ABUSIVE_CATEGORIES else _OTHER_FLOOR
    shift = table[level]
    if shift is None:
        return None
    if level is FilterLevel.STANDARD and category in ABUSIVE_CATEGORIES:
        shift = -margin
    return max(MIN_FLOOR, threshold + shift)


def control_grounds(
    controls: Controls,
    text: str,
    signal: Signal,
    ctx: Context,
    thresholds: Mapping[Category, float],
    platform_acts: Mapping[Category, bool],
    hold_margin: float,
    shield: Shield | None = None,
) -> list[Reason]:
    """The creator's grounds for this comment (empty for an allow-listed author).

    ``platform_acts[c]``: the guidelines already act on category ``c`` for this comment, so a
    filter level need not (it would only restate the platform's ground)."""
    allowed, blocked = controls.lists(ctx.author_id, ctx.author_handle)
    if allowed:
        return []
    out: list[Reason] = []
    if blocked:
        out.append(
            _r("control:block_list", Action.HIDE, "the author is on the creator's block list")
        )
    if controls.who_may_comment == "nobody":
        out.append(_r("control:who_may_comment", Action.HIDE, "the creator has closed comments"))
    elif controls.who_may_comment == "followers" and ctx.follows_creator is not True:
        out.append(
            _r("control:who_may_comment", Action.HIDE, "only the creator's followers may comment")
        )
    for category in _CATEGORIES:
        score = signal.score_of(category)
        if score < MIN_FLOOR:  # under every filter's floor: nothing to work out
            continue
        level = FilterLevel.STRICT if shield and category in ABUSIVE_CATEGORIES else None
        level = level or controls.level(category)
        start = floor(level, category, thresholds.get(category, 0.5), hold_margin)
        if start is None or score < start or platform_acts.get(category, False):
            continue
        out.append(
            Reason(
                rule=f"control:filter:{category.value}",
                action=Action.HOLD,
                category=category,
                explanation=f"{category.value} score {score:.2f} ≥ {start:.2f} "
                f"(creator's filter level: {level.value})",
                evidence=tuple(e for e in signal.evidence if e.category == category),
                source=SAFETY_MODE if shield and category in ABUSIVE_CATEGORIES else CONTROL,
            )
        )
    hits = keyword_hits(text, controls.keywords)
    if hits:
        words = ", ".join(sorted({e.match for e in hits}))
        out.append(
            _r(
                "control:keywords",
                Action.HOLD,
                f"matches the creator's keyword list ({words})",
                hits,
            )
        )
    if controls.hold_links and has_link(text):
        out.append(_r("control:links", Action.HOLD, "the creator holds comments with links"))
    days = controls.hold_new_accounts_days
    age = ctx.account_age_days
    if days > 0 and age is not None and age < days:
        out.append(
            _r("control:new_accounts", Action.HOLD, f"the account is younger than {days} days")
        )
    if shield is not None:
        out.extend(_shield_grounds(shield, text, ctx))
    return out


def _shield_grounds(shield: Shield, text: str, ctx: Context) -> list[Reason]:
    out: list[Reason] = []
    if ctx.follows_creator is not True:
        out.append(
            _r(
                "safety_mode:non_followers",
                Action.HOLD,
                "safety mode holds comments from accounts that do not follow the creator",
                source=SAFETY_MODE,
            )
        )
    age = ctx.account_age_days
    if age is not None and age < shield.new_account_days:
        out.append(
            _r(
                "safety_mode:new_accounts",
                Action.HOLD,
                f"safety mode holds accounts younger than {shield.new_account_days} days",
                source=SAFETY_MODE,
            )
        )
    hits = keyword_hits(text, shield.muted_phrases, source="keyword:safety_mode")
    if hits:
        out.append(
            _r(
                "safety_mode:muted_phrase",
                Action.HOLD,
                "repeats a phrase muted by safety mode",
                hits,
                source=SAFETY_MODE,
            )
        )
    return out


def _r(
    rule: str,
    action: Action,
    why: str,
    evidence: Iterable[Evidence] = (),
    source: str = CONTROL,
) -> Reason:
    return Reason(rule, action, None, why, tuple(evidence), source)
