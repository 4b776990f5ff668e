"""The platform feature benchmark: the shipped 7-platform matrix, the operator's own column,
and the gaps weighted by what creators say they use and want."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from sqlalchemy import select

from hifazat.db.feedback_tables import BenchmarkCell
from hifazat.domain.access import Principal
from hifazat.errors import InvalidInput
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime
from hifazat.services.surveys import FEEDBACK_ROLES, RESULT_READERS

VALUES = ("yes", "partial", "no", "unknown", "not_applicable")
COVERAGE = {"yes": 1.0, "partial": 0.5}


@cache
def matrix() -> dict[str, Any]:
    """The shipped matrix (package data copied with its provenance; see feedback/data)."""
    raw = (files("hifazat.feedback") / "data" / "features.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


def features() -> dict[str, str]:
    return dict(matrix()["features"])


def platforms() -> dict[str, str]:
    return {k: v["name"] for k, v in matrix()["platforms"].items()}


def cell(platform: str, feature: str) -> dict[str, Any]:
    c: dict[str, Any] = matrix()["platforms"][platform]["features"].get(feature, {})
    return c


def own_column(rt: Runtime) -> dict[str, BenchmarkCell]:
    with rt.read() as s:
        return {c.feature: c for c in s.scalars(select(BenchmarkCell))}


def set_own_cell(
    rt: Runtime, principal: Principal, feature: str, value: str, detail: str = ""
) -> BenchmarkCell:
    """Fill in one cell of the operator's own platform column."""
    require(principal, *FEEDBACK_ROLES)
    if feature not in features():
        raise InvalidInput(f"unknown feature {feature!r}")
    if value not in VALUES:
        raise InvalidInput(f"value must be one of {', '.join(VALUES)}")
    now = rt.now()
    with rt.transaction() as s:
        row = s.get(BenchmarkCell, feature)
        before = row.value if row else None
        if row is None:
            row = BenchmarkCell(feature=feature, value=value, detail=detail[:2000], updated_at=now)
            s.add(row)
        row.value, row.detail, row.updated_at = value, detail[:2000], now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="benchmark.cell_set",
            subject_type="benchmark",
            subject_id=feature,
            data={"before": before, "after": value},
        )
    return row


@dataclass(frozen=True)
class Gap:
    feature: str
    definition: str
    ours: str
    offered_by: list[str]  # platform names with yes/partial
    coverage: float  # 0..1 across the seven platforms
    used_share: float | None  # creators who use it (survey), if asked
    wanted_share: float | None  # creators who want it (survey), if asked
    priority: float


def gaps(
    rt: Runtime,
    principal: Principal,
    used: Mapping[str, float] | None = None,
    wanted: Mapping[str, float] | None = None,
) -> list[Gap]:
    """Features others offer that we do not (ours is no/unknown/partial), highest priority first.

    priority = coverage elsewhere × (1 + wanted share + used share); a feature creators ask for
    outranks one that is merely common."""
    require(principal, *RESULT_READERS)
    used, wanted = used or {}, wanted or {}
    ours = own_column(rt)
    names = platforms()
    out = []
    for feature, definition in features().items():
        mine = ours[feature].value if feature in ours else "unknown"
        if mine == "yes" or mine == "not_applicable":
            continue
        offered = [names[p] for p in names if cell(p, feature).get("value") in COVERAGE]
        coverage = sum(COVERAGE.get(cell(p, feature).get("value", ""), 0.0) for p in names) / len(
            names
        )
        if coverage == 0:
            continue
        if mine == "partial":
            coverage *= 0.5
        u, w = used.get(feature), wanted.get(feature)
        priority = coverage * (1 + (w or 0.0) + (u or 0.0))
        out.append(Gap(feature, definition, mine, offered, coverage, u, w, round(priority, 4)))
    out.sort(key=lambda g: (-g.priority, g.feature))
    return out
