"""POST /v1/detect: texts in, signals out, nothing stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import ALL_ROLES, Allow, runtime
from hifazat.api.schemas import ExternalId, SafeText
from hifazat.domain.access import Principal, Role
from hifazat.services.detect import detect_texts
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/detect", tags=["detection"])


class DetectItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: ExternalId | None = None
    text: SafeText


class DetectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[DetectItem] = Field(min_length=1, max_length=500)


class DetectOut(BaseModel):
    results: list[dict[str, Any]]


@router.post("", response_model=DetectOut)
def detect(
    body: DetectIn,
    principal: Principal = Depends(Allow(*(ALL_ROLES - {Role.PARTNER}))),
    rt: Runtime = Depends(runtime),
) -> DetectOut:
    """Signals for up to 500 texts, in order, as ``hifazat detect`` writes them."""
    results = detect_texts(rt, principal, [(i.id, i.text) for i in body.items])
    return DetectOut(results=results)
