"""The partner organisation's pages: cases shared with it (with consent) and status updates."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hifazat.domain.access import Role
from hifazat.domain.support.escalation import PARTNER_MOVES
from hifazat.errors import Forbidden
from hifazat.services import escalations
from hifazat.services.runtime import Runtime
from hifazat.web.pages import SignedInUser, csrf_form, redirect, render

router = APIRouter(include_in_schema=False)


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


@router.get("/partner", response_class=HTMLResponse)
def inbox(request: Request, user: SignedInUser) -> Response:
    if user.principal.role not in {Role.PARTNER, Role.ADMIN}:
        raise Forbidden("only partner organisations see shared cases")
    shared = escalations.list_escalations(_rt(request), user.principal)
    return render(request, "support/partner.html", user=user, escalations=shared)


@router.get("/partner/escalations/{esc_id}", response_class=HTMLResponse)
def case(request: Request, user: SignedInUser, esc_id: int) -> Response:
    e = escalations.get_escalation(_rt(request), user.principal, esc_id)
    moves = sorted(PARTNER_MOVES.get(e.status, ())) if user.principal.role is Role.PARTNER else []
    return render(request, "support/partner_case.html", user=user, e=e, moves=moves)


@router.post("/partner/escalations/{esc_id}/status")
async def update(request: Request, user: SignedInUser, esc_id: int) -> Response:
    form = await csrf_form(request)
    escalations.update_status(
        _rt(request),
        user.principal,
        esc_id,
        str(form.get("status", "")),
        str(form.get("note", ""))[:2000],
    )
    return redirect(request, f"/partner/escalations/{esc_id}")
