"""Platform rules: the set in force, check a file, publish a new version, backtest a change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.controls_tables import RuleSetVersion
from hifazat.domain.access import Principal, Role
from hifazat.domain.policy.problems import Problem
from hifazat.domain.policy.rules.ruleset import EMPTY, RuleSet, load_rules, parse_rules
from hifazat.errors import InvalidRules
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.guidelines import problems_text
from hifazat.services.runtime import Runtime

EDITORS = (Role.POLICY_MANAGER, Role.ADMIN)
_cache: dict[int, RuleSet] = {}


@dataclass(frozen=True)
class RulesInfo:
    version: int
    rule_count: int
    created_by: str
    created_at: datetime | None
    note: str | None
    source: str


def current(s: Session) -> tuple[RuleSet, int]:
    """The rules in force and their version (0: none published yet)."""
    row_id = s.scalar(select(RuleSetVersion.id).order_by(RuleSetVersion.id.desc()).limit(1))
    if row_id is None:
        return EMPTY, 0
    if row_id not in _cache:
        row = s.get_one(RuleSetVersion, row_id)
        _cache[row_id] = load_rules(row.source, f"rules@{row_id}")
    return _cache[row_id], row_id


def check(source: str, file: str = "<rules>") -> list[Problem]:
    return parse_rules(source, file)[1]


def parsed(source: str) -> RuleSet:
    rules, problems = parse_rules(source, "rules")
    if rules is None:
        raise InvalidRules(problems_text(problems), problems=[p.as_dict() for p in problems])
    return rules


def publish(rt: Runtime, principal: Principal, source: str, note: str | None = None) -> RulesInfo:
    """Validate and put a new version of the rules in force."""
    require(principal, *EDITORS)
    rules = parsed(source)
    now = rt.now()
    with rt.transaction() as s:
        row = RuleSetVersion(
            source=source,
            rule_count=len(rules.rules),
            note=note,
            created_by=principal.actor,
            created_at=now,
        )
        s.add(row)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="rules.published",
            subject_type="rules",
            subject_id=row.id,
            data={"version": row.id, "rules": len(rules.rules), "ids": [r.id for r in rules.rules]},
        )
        return _info(row)


def _info(row: RuleSetVersion) -> RulesInfo:
    return RulesInfo(row.id, row.rule_count, row.created_by, row.created_at, row.note, row.source)


def get_current(rt: Runtime, principal: Principal) -> RulesInfo:
    require(principal, *EDITORS, Role.MODERATOR, Role.SENIOR_MODERATOR, Role.ANALYST)
    with rt.read() as s:
        row = s.scalars(select(RuleSetVersion).order_by(RuleSetVersion.id.desc())).first()
        if row is None:
            return RulesInfo(0, 0, "none", None, None, "rules: []\n")
        return _info(row)
