"""A creator's support pages: safety plan, evidence packs, escalations, abuse digest."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from hifazat.domain.support.plan import CONCERNS, HIGH_RISK_NICHES
from hifazat.errors import InvalidInput
from hifazat.services import creators, digest, escalations, evidence, safety_plans
from hifazat.services.escalations import CONSENT_TEXT
from hifazat.services.runtime import Runtime
from hifazat.web.i18n import translator
from hifazat.web.pages import SignedInUser, csrf_form, lang_of, redirect, render

router = APIRouter(include_in_schema=False)
NICHES = ("lifestyle", "education", *sorted(HIGH_RISK_NICHES), "entertainment", "other")


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _int(value: Any, name: str) -> int:
    try:
        return int(str(value or "0").strip() or 0)
    except ValueError as exc:
        raise InvalidInput(f"{name} must be a whole number") from exc


@router.get("/creator/{handle}/safety-plan", response_class=HTMLResponse)
def plan_page(request: Request, user: SignedInUser, handle: str) -> Response:
    rt = _rt(request)
    creator = creators.get_creator(rt, user.principal, handle)
    plan = safety_plans.latest_plan(rt, user.principal, handle)
    _ = translator(lang_of(request))
    recs = []
    for r in plan.recommendations if plan else []:
        params = {k: _(v) if isinstance(v, str) else v for k, v in r["params"].items()}
        recs.append(
            {**r, "title_text": _(r["title"], **params), "reason_text": _(r["reason"], **params)}
        )
    return render(
        request,
        "support/plan.html",
        user=user,
        creator=creator,
        plan=plan,
        recs=recs,
        niches=NICHES,
        concerns=CONCERNS,
        done=request.query_params.get("done", ""),
    )


@router.post("/creator/{handle}/safety-plan")
async def plan_create(request: Request, user: SignedInUser, handle: str) -> Response:
    form = await csrf_form(request)
    audience = str(form.get("audience_size", "")).strip()
    declared = safety_plans.Declared(
        niche=str(form.get("niche", "")) or None,
        audience_size=_int(audience, "audience size") if audience else None,
        reports_made=_int(form.get("reports_made"), "reports made"),
        reports_actioned=_int(form.get("reports_actioned"), "reports actioned"),
        concerns=frozenset(str(c) for c in form.getlist("concerns")),
        has_2fa=form.get("has_2fa") == "on",
    )
    safety_plans.create_plan(_rt(request), user.principal, handle, declared)
    return redirect(request, f"/creator/{handle}/safety-plan")


@router.post("/creator/{handle}/safety-plan/{plan_id}/{rec_id}")
async def plan_adopt(
    request: Request, user: SignedInUser, handle: str, plan_id: int, rec_id: str
) -> Response:
    """``do=apply`` applies a control; ``do=done|dismissed|pending`` tracks adoption."""
    form = await csrf_form(request)
    rt, do = _rt(request), str(form.get("do", ""))
    if do == "apply":
        safety_plans.apply_recommendation(rt, user.principal, handle, plan_id, rec_id)
    else:
        safety_plans.set_status(rt, user.principal, handle, plan_id, rec_id, do)
    return redirect(request, f"/creator/{handle}/safety-plan?done={rec_id}#rec-{rec_id}")


@router.get("/creator/{handle}/evidence", response_class=HTMLResponse)
def evidence_page(request: Request, user: SignedInUser, handle: str) -> Response:
    rt = _rt(request)
    creator = creators.get_creator(rt, user.principal, handle)
    packs = evidence.list_packs(rt, user.principal, handle)
    flagged, piles = evidence.flagged_for(rt, user.principal, handle)
    return render(
        request,
        "support/evidence.html",
        user=user,
        creator=creator,
        packs=packs,
        flagged=flagged,
        piles=piles,
    )


@router.post("/creator/{handle}/evidence")
async def evidence_create(request: Request, user: SignedInUser, handle: str) -> Response:
    form = await csrf_form(request)
    ids = [_int(v, "comment") for v in form.getlist("comment")]
    pile = str(form.get("pileon", "")).strip()
    pack = evidence.create_pack(
        _rt(request),
        user.principal,
        handle,
        ids,
        str(form.get("title", ""))[:200],
        _int(pile, "pile-on") if pile else None,
    )
    return redirect(request, f"/evidence/{pack.id}")


@router.get("/evidence/{pack_id}", response_class=HTMLResponse)
def evidence_document(request: Request, user: SignedInUser, pack_id: int) -> Response:
    """The printable document (English or Urdu); opening it is recorded in the custody log."""
    pack = evidence.open_pack(_rt(request), user.principal, pack_id, "exported_document")
    return render(request, "support/evidence_pack.html", user=user, pack=pack)


@router.get("/evidence/{pack_id}/json")
def evidence_json(request: Request, user: SignedInUser, pack_id: int) -> Response:
    pack = evidence.open_pack(_rt(request), user.principal, pack_id, "exported_json")
    return JSONResponse(
        {**pack.bundle, "custody": pack.custody},
        headers={"Content-Disposition": f'attachment; filename="evidence-pack-{pack.id}.json"'},
    )


@router.get("/creator/{handle}/escalations", response_class=HTMLResponse)
def escalations_page(request: Request, user: SignedInUser, handle: str) -> Response:
    rt = _rt(request)
    creator = creators.get_creator(rt, user.principal, handle)
    mine = escalations.list_escalations(rt, user.principal, handle)
    packs = evidence.list_packs(rt, user.principal, handle)
    return render(
        request,
        "support/escalations.html",
        user=user,
        creator=creator,
        escalations=mine,
        packs=packs,
        partners=escalations.list_partners(rt),
        consent_text=CONSENT_TEXT,
        chosen_pack=request.query_params.get("pack", ""),
    )


@router.post("/creator/{handle}/escalations")
async def escalation_share(request: Request, user: SignedInUser, handle: str) -> Response:
    form = await csrf_form(request)
    escalations.share(
        _rt(request),
        user.principal,
        handle,
        str(form.get("partner", "")),
        _int(form.get("pack"), "evidence pack"),
        consent=form.get("consent") == "yes",
        summary=str(form.get("summary", ""))[:4000],
        case_id=_int(case, "case number")
        if (case := str(form.get("case_id", "")).strip())
        else None,
    )
    return redirect(request, f"/creator/{handle}/escalations")


@router.post("/escalations/{esc_id}/withdraw")
async def escalation_withdraw(request: Request, user: SignedInUser, esc_id: int) -> Response:
    form = await csrf_form(request)
    e = escalations.withdraw_consent(
        _rt(request), user.principal, esc_id, str(form.get("reason", ""))[:2000]
    )
    return redirect(request, f"/creator/{e.creator}/escalations")


@router.get("/creator/{handle}/digest", response_class=HTMLResponse)
def digest_page(request: Request, user: SignedInUser, handle: str, days: int = 7) -> Response:
    d, piles = digest.abuse_digest(_rt(request), user.principal, handle, days)
    return render(
        request, "support/digest.html", user=user, handle=handle, d=d, piles=piles, days=days
    )
