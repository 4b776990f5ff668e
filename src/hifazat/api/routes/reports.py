"""Reports: file one (anyone with a reason from the guidelines), read your own, list reasons."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import ALL_ROLES, Allow, runtime
from hifazat.api.schemas import ExternalId, Handle, SafeText
from hifazat.domain.access import Principal
from hifazat.domain.cases import report_reasons
from hifazat.services import reports
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["reports"])


class SubjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["comment", "content", "account"]
    id: ExternalId = Field(description="comment: Hifazat comment id; content/account: your id")
    creator: Handle | None = Field(default=None, description="required for content")


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: SubjectIn
    reason: str = Field(max_length=32, description="a code from GET /v1/report-reasons")
    text: SafeText | None = Field(default=None, max_length=2000)
    reporter: ExternalId | None = Field(
        default=None, description="integrators: the reporting account's id"
    )
    on_behalf_of: ExternalId | None = Field(
        default=None, description="the person the report is made for"
    )
    reach: int = Field(default=0, ge=0, description="views of the subject, when known")


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
        reports.NewReport(
            subject_type=body.subject.type,
            subject_id=body.subject.id,
            creator=body.subject.creator,
            reason=body.reason,
            text=body.text,
            reporter=body.reporter,
            on_behalf_of=body.on_behalf_of,
            reach=body.reach,
        ),
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
