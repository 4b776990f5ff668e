"""The creator's pages: controls (filters, lists, who may comment, safety mode) and held comments
with bulk actions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hifazat.domain.controls import LEVELS, WHO_MAY_COMMENT
from hifazat.domain.policy.categories import Category
from hifazat.errors import InvalidControls
from hifazat.services import controls, creators, held, safety_mode
from hifazat.services.access import SignedIn
from hifazat.services.runtime import Runtime
from hifazat.web.pages import SignedInUser, csrf_form, redirect, render

router = APIRouter(include_in_schema=False)


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _controls_page(
    request: Request,
    user: SignedIn,
    handle: str,
    values: dict[str, Any] | None = None,
    problems: list[dict[str, str]] | None = None,
    preview: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    rt = _rt(request)
    creator = creators.get_creator(rt, user.principal, handle)
    current = values or controls.as_dict(controls.get_controls(rt, user.principal, handle))
    shields = safety_mode.status(rt, user.principal, handle)
    return render(
        request,
        "controls.html",
        status_code=status_code,
        user=user,
        creator=creator,
        c=current,
        categories=[c.value for c in Category],
        levels=LEVELS,
        who_options=WHO_MAY_COMMENT,
        problems=problems or [],
        preview=preview,
        shield=shields[0] if shields else None,
        saved=request.query_params.get("saved") == "1",
    )


def _form_controls(form: Any) -> dict[str, Any]:
    return {
        "filter_levels": {c.value: form.get(f"level_{c.value}", "standard") for c in Category},
        "keywords": str(form.get("keywords", "")).splitlines(),
        "allow_list": str(form.get("allow_list", "")).splitlines(),
        "block_list": str(form.get("block_list", "")).splitlines(),
        "who_may_comment": form.get("who_may_comment", "everyone"),
        "hold_links": form.get("hold_links") == "on",
        "hold_new_accounts_days": str(form.get("hold_new_accounts_days", "0")).strip() or "0",
        "safety_mode_auto": form.get("safety_mode_auto") == "on",
    }


@router.get("/creator/{handle}/controls", response_class=HTMLResponse)
def controls_page(request: Request, user: SignedInUser, handle: str) -> Response:
    return _controls_page(request, user, handle)


@router.post("/creator/{handle}/controls", response_class=HTMLResponse)
async def controls_submit(request: Request, user: SignedInUser, handle: str) -> Response:
    form = await csrf_form(request)
    data = _form_controls(form)
    try:
        if form.get("do") == "preview":
            result = controls.preview_keywords(
                _rt(request), user.principal, handle, data["keywords"]
            )
            return _controls_page(request, user, handle, values=data, preview=result)
        controls.set_controls(_rt(request), user.principal, handle, data)
    except InvalidControls as exc:
        return _controls_page(
            request, user, handle, data, exc.extra.get("problems", []), status_code=422
        )
    return redirect(request, f"/creator/{handle}/controls?saved=1")


@router.post("/creator/{handle}/safety-mode", response_class=HTMLResponse)
async def safety_submit(request: Request, user: SignedInUser, handle: str) -> Response:
    form = await csrf_form(request)
    try:
        hours = float(str(form.get("hours") or 0)) or None
        muted = str(form.get("muted_phrases", "")).splitlines() if "muted_phrases" in form else None
        safety_mode.switch(
            _rt(request), user.principal, handle, form.get("on") == "1", hours, muted
        )
    except ValueError:
        raise InvalidControls("hours must be a number") from None
    return redirect(request, f"/creator/{handle}/controls")


@router.get("/creator/{handle}/held", response_class=HTMLResponse)
def held_page(request: Request, user: SignedInUser, handle: str) -> Response:
    rt = _rt(request)
    creator = creators.get_creator(rt, user.principal, handle)
    items = held.held_comments(rt, user.principal, handle)
    recent = held.recent_bulk(rt, user.principal, handle)
    return render(
        request,
        "held.html",
        user=user,
        creator=creator,
        items=items,
        recent=recent,
        done=request.query_params.get("done"),
    )


@router.post("/creator/{handle}/held", response_class=HTMLResponse)
async def held_submit(request: Request, user: SignedInUser, handle: str) -> Response:
    form = await csrf_form(request)
    if form.get("undo"):
        held.undo(_rt(request), user.principal, handle, int(str(form.get("undo"))))
        return redirect(request, f"/creator/{handle}/held?done=undo")
    ids = [int(str(v)) for v in form.getlist("comment")]
    action = str(form.get("action", ""))
    held.bulk_act(_rt(request), user.principal, handle, action, ids, [])
    return redirect(request, f"/creator/{handle}/held?done={action}")
