"""Community Guidelines versions: the one in force, check, save a new version, list versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.controls_tables import GuidelineVersion
from hifazat.domain.access import Principal, Role
from hifazat.domain.policy.guidelines import (
    Guidelines,
    load_guidelines,
    parse_guidelines,
    shipped_guidelines,
    shipped_text,
)
from hifazat.domain.policy.problems import Problem
from hifazat.errors import Conflict, InvalidGuidelines
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime

EDITORS = (Role.POLICY_MANAGER, Role.ADMIN)
_cache: dict[int, Guidelines] = {}


@dataclass(frozen=True)
class VersionInfo:
    version: str
    created_by: str
    created_at: datetime | None
    note: str | None
    in_force: bool


def current(s: Session) -> Guidelines:
    """The guidelines in force: the newest saved version, else the shipped one."""
    row_id = s.scalar(select(GuidelineVersion.id).order_by(GuidelineVersion.id.desc()).limit(1))
    if row_id is None:
        return shipped_guidelines()
    if row_id not in _cache:
        row = s.get_one(GuidelineVersion, row_id)
        _cache[row_id] = load_guidelines(row.source, f"guidelines@{row.version}")
    return _cache[row_id]


def current_source(rt: Runtime) -> str:
    with rt.read() as s:
        row = s.scalars(select(GuidelineVersion).order_by(GuidelineVersion.id.desc())).first()
        return row.source if row else shipped_text()


def get_current(rt: Runtime) -> Guidelines:
    with rt.read() as s:
        return current(s)


def check(source: str, file: str = "<guidelines>") -> list[Problem]:
    return parse_guidelines(source, file)[1]


def problems_text(problems: list[Problem]) -> str:
    shown = "; ".join(f"{p.line}:{p.column}: {p.message} ({p.hint})" for p in problems[:20])
    return f"{len(problems)} problem(s): {shown}"


def save(rt: Runtime, principal: Principal, source: str, note: str | None = None) -> Guidelines:
    """Validate and put a new version in force. The version string must be new."""
    require(principal, *EDITORS)
    guidelines, problems = parse_guidelines(source, "guidelines")
    if guidelines is None:
        raise InvalidGuidelines(problems_text(problems), problems=[p.as_dict() for p in problems])
    now = rt.now()
    with rt.transaction() as s:
        known = s.scalar(
            select(GuidelineVersion.id).where(GuidelineVersion.version == guidelines.version)
        )
        if known is not None or guidelines.version == shipped_guidelines().version:
            raise Conflict(f"guidelines version {guidelines.version!r} exists; raise the version")
        row = GuidelineVersion(
            version=guidelines.version,
            source=source,
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
            action="guidelines.published",
            subject_type="guidelines",
            subject_id=guidelines.version,
            data={"version": guidelines.version, "policies": len(guidelines.policies)},
        )
    return guidelines


def versions(rt: Runtime) -> list[VersionInfo]:
    with rt.read() as s:
        rows = list(s.scalars(select(GuidelineVersion).order_by(GuidelineVersion.id.desc())))
    out = [
        VersionInfo(r.version, r.created_by, r.created_at, r.note, i == 0)
        for i, r in enumerate(rows)
    ]
    out.append(VersionInfo(shipped_guidelines().version, "shipped", None, None, not rows))
    return out
