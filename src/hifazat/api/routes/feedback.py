"""The focus-group report and the platform feature benchmark."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.domain.access import Principal
from hifazat.services import benchmark, feedback_report
from hifazat.services.runtime import Runtime
from hifazat.services.surveys import FEEDBACK_ROLES, RESULT_READERS

router = APIRouter(tags=["feedback"])


class CellIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str = Field(pattern="^(yes|partial|no|unknown|not_applicable)$")
    detail: str = Field(default="", max_length=2000)


@router.get("/v1/focus-groups/{session_id}/report")
def report(
    session_id: int,
    principal: Principal = Depends(Allow(*RESULT_READERS)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """Did creators feel the improvement? Everything the printable report shows, as JSON."""
    return feedback_report.build_report(rt, principal, session_id)


@router.get("/v1/benchmark")
def matrix(
    principal: Principal = Depends(Allow(*RESULT_READERS)), rt: Runtime = Depends(runtime)
) -> dict[str, Any]:
    """The shipped 7-platform matrix with every cell's sources, plus the operator's column."""
    ours = benchmark.own_column(rt)
    data = benchmark.matrix()
    return {
        "features": data["features"],
        "platforms": data["platforms"],
        "sources": data["sources"],
        "ours": {k: {"value": c.value, "detail": c.detail} for k, c in ours.items()},
    }


@router.put("/v1/benchmark/{feature}")
def set_cell(
    feature: str,
    body: CellIn,
    principal: Principal = Depends(Allow(*FEEDBACK_ROLES)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    c = benchmark.set_own_cell(rt, principal, feature, body.value, body.detail)
    return {"feature": c.feature, "value": c.value, "detail": c.detail}


@router.get("/v1/benchmark/gaps")
def gaps(
    principal: Principal = Depends(Allow(*RESULT_READERS)), rt: Runtime = Depends(runtime)
) -> list[dict[str, Any]]:
    """Features others offer that ours lacks (no survey weighting; the report adds it)."""
    return [asdict(g) for g in benchmark.gaps(rt, principal)]
