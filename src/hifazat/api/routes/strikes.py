"""An account's standing (strikes, restrictions) and the notices for a recipient."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.encoders import jsonable_encoder

from hifazat.api.deps import Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.services import notices, strikes
from hifazat.services.case_views import CASE_STAFF
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["strikes"])


@router.get("/accounts/{account_id}/standing")
def standing(
    account_id: str,
    principal: Principal = Depends(Allow(*CASE_STAFF)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """Strikes (with expiry), active points and restrictions of an account."""
    result: dict[str, Any] = jsonable_encoder(
        asdict(strikes.account_standing(rt, principal, account_id))
    )
    return result


@router.get("/notices")
def list_notices(
    recipient: str = Query(max_length=200, description="account:<id> or creator:<handle>"),
    principal: Principal = Depends(Allow(Role.INTEGRATOR, Role.ADMIN, Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> list[dict[str, Any]]:
    """Decision notices for the affected account and outcome notices for reporters."""
    result: list[dict[str, Any]] = jsonable_encoder(
        [asdict(n) for n in notices.list_notices(rt, principal, recipient)]
    )
    return result
