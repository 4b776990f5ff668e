"""Reports: file one (anyone with a reason from the guidelines), read your own, list reasons."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from hifazat.api.deps import ALL_ROLES, Allow, runtime
from hifazat.api.schemas import ReportIn
from hifazat.domain.access import Principal
from hifazat.domain.cases import report_reasons
from hifazat.services import reports
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["reports"])


class ReportOut(BaseModel):
    id: int
    case_id: int
    folded: bool
    lane: str
    status: str


class MyReportOut(BaseModel):
    id: int
    case_id: int
    subject_type: str
    reason: str
    text: str | None
    created_at: datetime
    status: str
    outcome: str | None
    decided_at: datetime | None


class ReasonOut(BaseModel):
    code: str
    category: str
    severity: int
    lane: str
    label: str


@router.post("/reports", response_model=ReportOut, status_code=201)
def file_report(
    body: ReportIn,
    principal: Principal = Depends(Allow(*reports.REPORTERS)),
    rt: Runtime = Depends(runtime),
) -> ReportOut:
    """Report a comment, content or account. Reports on one subject fold into one case."""
    filed = reports.file_report(
        rt,
        principal,
        body.to_new_report(),
    )
    return ReportOut(**asdict(filed))


@router.get("/reports/mine", response_model=list[MyReportOut])
def mine(
    principal: Principal = Depends(Allow(*reports.REPORTERS)),
    rt: Runtime = Depends(runtime),
) -> list[MyReportOut]:
    """Your reports and their status (no one else's identity)."""
    return [MyReportOut(**asdict(r)) for r in reports.my_reports(rt, principal)]


@router.get("/report-reasons", response_model=list[ReasonOut])
def reasons(principal: Principal = Depends(Allow(*ALL_ROLES))) -> list[ReasonOut]:
    return [
        ReasonOut(
            code=r.code,
            category=r.category.value,
            severity=r.severity,
            lane=r.lane.value,
            label=r.label,
        )
        for r in report_reasons()
    ]
