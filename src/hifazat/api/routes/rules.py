"""Platform rules: read, check, dry-run (backtest) and publish."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.routes.guidelines import MAX_SOURCE, CheckOut, SourceIn
from hifazat.domain.access import Principal, Role
from hifazat.services import backtest, rules
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/rules", tags=["rules"])
EDITORS = (Role.POLICY_MANAGER, Role.ADMIN)


class RulesOut(BaseModel):
    version: int
    rule_count: int
    created_by: str
    created_at: datetime | None
    note: str | None
    source: str


class BacktestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = Field(min_length=1, max_length=MAX_SOURCE)
    days: float = Field(default=30, gt=0, le=366)
    samples: int = Field(default=10, ge=0, le=100)


@router.get("", response_model=RulesOut)
def read(
    principal: Principal = Depends(
        Allow(*EDITORS, Role.MODERATOR, Role.SENIOR_MODERATOR, Role.ANALYST)
    ),
    rt: Runtime = Depends(runtime),
) -> RulesOut:
    """The rules in force (version 0: none published yet)."""
    return RulesOut(**rules.get_current(rt, principal).__dict__)


@router.post("/check", response_model=CheckOut)
def check(body: SourceIn, principal: Principal = Depends(Allow(*EDITORS))) -> CheckOut:
    """Every problem in a rules file, each with line, column, message and hint."""
    problems = rules.check(body.source, "rules")
    return CheckOut(ok=not problems, problems=[p.as_dict() for p in problems])


@router.post("/backtest")
def dry_run(
    body: BacktestIn,
    principal: Principal = Depends(Allow(*EDITORS, Role.ANALYST)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """What these rules would have decided over the last ``days`` of stored comments, next to
    the rules in force: counts per action, transitions and changed samples. Changes nothing."""
    return backtest.backtest(rt, principal, body.source, body.days, body.samples)


@router.put("", response_model=RulesOut)
def publish(
    body: SourceIn,
    principal: Principal = Depends(Allow(*EDITORS)),
    rt: Runtime = Depends(runtime),
) -> RulesOut:
    """Validate and put a new version of the rules in force."""
    return RulesOut(**rules.publish(rt, principal, body.source, body.note).__dict__)
