"""API keys and the audit trail."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.services import access, audit
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["admin"])


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    name: str = Field(min_length=1, max_length=200)
    subjects: list[str] = Field(default_factory=list, max_length=1000)


class KeyOut(BaseModel):
    key: str = Field(description="shown once; only its hash is stored")
    prefix: str
    role: Role
    name: str
    subjects: list[str]


class ChainOut(BaseModel):
    ok: bool
    checked: int
    broken_at: int | None
    reason: str | None


@router.post("/keys", response_model=KeyOut, status_code=201)
def create_key(
    body: KeyIn,
    principal: Principal = Depends(Allow(Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> KeyOut:
    issued = access.create_api_key(rt, principal, body.role, body.name, body.subjects)
    return KeyOut(
        key=issued.key,
        prefix=issued.prefix,
        role=issued.role,
        name=issued.name,
        subjects=list(issued.subjects),
    )


@router.get("/audit/verify", response_model=ChainOut)
def verify_audit(
    principal: Principal = Depends(Allow(Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> ChainOut:
    with rt.read() as s:
        report = audit.verify(s)
    return ChainOut(
        ok=report.ok, checked=report.checked, broken_at=report.broken_at, reason=report.reason
    )
