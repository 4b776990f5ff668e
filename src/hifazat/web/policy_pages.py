"""The policy manager's pages: platform rules (check, dry run, publish) and guidelines."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hifazat.domain.access import Role
from hifazat.domain.policy.guidelines import summary
from hifazat.errors import Forbidden, HifazatError, InvalidGuidelines, InvalidRules
from hifazat.services import backtest, guidelines, rules
from hifazat.services.access import SignedIn
from hifazat.services.runtime import Runtime
from hifazat.web.pages import csrf_form, current_user, lang_of, redirect, render

router = APIRouter(include_in_schema=False)
EDITORS = {Role.POLICY_MANAGER, Role.ADMIN}


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _editor(request: Request) -> SignedIn | None:
    user = current_user(request)
    if user is not None and user.principal.role not in EDITORS:
        raise Forbidden("only policy managers edit rules and guidelines")
    return user


def _rules_page(
    request: Request,
    user: SignedIn,
    source: str | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    info = rules.get_current(_rt(request), user.principal)
    return render(
        request,
        "policy_rules.html",
        status_code=status_code,
        user=user,
        info=info,
        source=info.source if source is None else source,
        problems=extra.pop("problems", []),
        result=extra.pop("result", None),
        published=request.query_params.get("published") == "1",
        days=extra.pop("days", 30),
        **extra,
    )


@router.get("/policy/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> Response:
    user = _editor(request)
    if user is None:
        return redirect(request, "/signin")
    return _rules_page(request, user)


@router.post("/policy/rules", response_class=HTMLResponse)
async def rules_submit(request: Request) -> Response:
    form = await csrf_form(request)
    try:
        user = _editor(request)
        if user is None:
            return redirect(request, "/signin")
        source = str(form.get("source", ""))
        do = form.get("do")
        problems = [p.as_dict() for p in rules.check(source, "rules")]
        if do == "check" or problems:
            return _rules_page(
                request, user, source, 422 if problems else 200, problems=problems, checked=True
            )
        if do == "backtest":
            days = float(str(form.get("days") or 30))
            result = backtest.backtest(_rt(request), user.principal, source, days)
            return _rules_page(request, user, source, result=result, days=days)
        rules.publish(_rt(request), user.principal, source, str(form.get("note") or "") or None)
    except InvalidRules as exc:
        return render(request, "error.html", status_code=exc.status, error=exc)
    except (HifazatError, ValueError) as exc:
        err = exc if isinstance(exc, HifazatError) else InvalidRules("days must be a number")
        return render(request, "error.html", status_code=err.status, error=err)
    return redirect(request, "/policy/rules?published=1")


def _guidelines_page(
    request: Request,
    user: SignedIn,
    source: str | None = None,
    problems: list[dict[str, Any]] | None = None,
    status_code: int = 200,
) -> Response:
    rt = _rt(request)
    g = guidelines.get_current(rt)
    return render(
        request,
        "policy_guidelines.html",
        status_code=status_code,
        user=user,
        g=g,
        policies=summary(g, lang_of(request)),
        source=guidelines.current_source(rt) if source is None else source,
        problems=problems or [],
        versions=guidelines.versions(rt),
        published=request.query_params.get("published") == "1",
    )


@router.get("/policy/guidelines", response_class=HTMLResponse)
def guidelines_page(request: Request) -> Response:
    user = _editor(request)
    if user is None:
        return redirect(request, "/signin")
    return _guidelines_page(request, user)


@router.post("/policy/guidelines", response_class=HTMLResponse)
async def guidelines_submit(request: Request) -> Response:
    form = await csrf_form(request)
    try:
        user = _editor(request)
        if user is None:
            return redirect(request, "/signin")
        source = str(form.get("source", ""))
        problems = [p.as_dict() for p in guidelines.check(source, "guidelines")]
        if form.get("do") == "check" or problems:
            return _guidelines_page(request, user, source, problems, 422 if problems else 200)
        guidelines.save(_rt(request), user.principal, source, str(form.get("note") or "") or None)
    except InvalidGuidelines as exc:
        return render(request, "error.html", status_code=exc.status, error=exc)
    except HifazatError as exc:
        return render(request, "error.html", status_code=exc.status, error=exc)
    return redirect(request, "/policy/guidelines?published=1")
