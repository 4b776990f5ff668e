"""Check a creator's controls as submitted (API body or web form): every problem, by field. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hifazat.domain.controls import LEVELS, WHO_MAY_COMMENT, Controls, FilterLevel, _names
from hifazat.domain.policy.categories import Category
from hifazat.domain.policy.problems import closest

MAX_LIST = 1000
MAX_TERM = 200
KEYS = {
    "filter_levels",
    "keywords",
    "allow_list",
    "block_list",
    "who_may_comment",
    "hold_links",
    "hold_new_accounts_days",
    "safety_mode_auto",
}


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" + (f" ({self.hint})" if self.hint else "")

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "hint": self.hint}


def _terms(data: Mapping[str, Any], key: str, out: list[FieldProblem]) -> list[str]:
    raw = data.get(key) or []
    if isinstance(raw, str):
        raw = raw.splitlines()
    if not isinstance(raw, list):
        out.append(FieldProblem(key, "must be a list of text", "one entry per line"))
        return []
    terms = []
    for i, t in enumerate(raw):
        if not isinstance(t, str):
            out.append(FieldProblem(f"{key}[{i}]", "must be text", ""))
        elif len(t) > MAX_TERM:
            out.append(FieldProblem(f"{key}[{i}]", f"longer than {MAX_TERM} characters", ""))
        elif t.strip():
            terms.append(t.strip())
    if len(terms) > MAX_LIST:
        out.append(FieldProblem(key, f"{len(terms)} entries; at most {MAX_LIST}", "trim the list"))
    return sorted(set(terms))


def parse_controls(data: Mapping[str, Any]) -> tuple[Controls | None, list[FieldProblem]]:
    out: list[FieldProblem] = []
    for key in data:
        if key not in KEYS:
            out.append(FieldProblem(key, "unknown setting", closest(key, sorted(KEYS))))
    levels: dict[Category, FilterLevel] = {}
    raw_levels = data.get("filter_levels") or {}
    if not isinstance(raw_levels, Mapping):
        out.append(FieldProblem("filter_levels", "must map categories to levels", ""))
        raw_levels = {}
    names = [c.value for c in Category]
    for cat, lvl in raw_levels.items():
        if cat not in names:
            out.append(
                FieldProblem(f"filter_levels.{cat}", "unknown category", closest(cat, names))
            )
        elif lvl not in LEVELS:
            out.append(
                FieldProblem(
                    f"filter_levels.{cat}", f"unknown level {lvl!r}", closest(str(lvl), LEVELS)
                )
            )
        else:
            levels[Category(cat)] = FilterLevel(lvl)
    who = data.get("who_may_comment", "everyone")
    if who not in WHO_MAY_COMMENT:
        out.append(
            FieldProblem(
                "who_may_comment",
                f"unknown value {who!r}",
                closest(str(who), list(WHO_MAY_COMMENT)),
            )
        )
    days = data.get("hold_new_accounts_days", 0)
    if isinstance(days, str) and days.strip().isdigit():
        days = int(days)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 3650:
        out.append(
            FieldProblem("hold_new_accounts_days", "must be a whole number from 0 to 3650", "")
        )
        days = 0
    flags = {}
    for key in ("hold_links", "safety_mode_auto"):
        v = data.get(key, False)
        if not isinstance(v, bool):
            out.append(FieldProblem(key, "must be true or false", ""))
            v = False
        flags[key] = v
    keywords = _terms(data, "keywords", out)
    allow = _terms(data, "allow_list", out)
    block = _terms(data, "block_list", out)
    both = _names(allow) & _names(block)
    if both:
        out.append(
            FieldProblem(
                "block_list",
                f"also on the allow list: {', '.join(sorted(both))}",
                "keep each on one list",
            )
        )
    if out:
        return None, out
    return (
        Controls(
            filter_levels=levels,
            keywords=tuple(keywords),
            allow_list=_names(allow),
            block_list=_names(block),
            who_may_comment=str(who),
            hold_links=flags["hold_links"],
            hold_new_accounts_days=days,
            safety_mode_auto=flags["safety_mode_auto"],
        ),
        [],
    )
