"""The policy manager's pages: platform rules (check, dry run, publish) and guidelines."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from hifazat.domain.access import Role
from hifazat.domain.policy.guidelines import summary
from hifazat.errors import Forbidden, InvalidRules
from hifazat.services import backtest, guidelines, rules
from hifazat.services.access import SignedIn
from hifazat.services.runtime import Runtime
from hifazat.web.pages import SignedInUser, csrf_form, lang_of, redirect, render

router = APIRouter(include_in_schema=False)
EDITORS = {Role.POLICY_MANAGER, Role.ADMIN}


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _editor(user: SignedInUser) -> SignedIn:
    if user.principal.role not in EDITORS:
        raise Forbidden("only policy managers edit rules and guidelines")
    return user


#: A signed-in policy manager (others get the error page, signed-out visitors the sign-in page).
Editor = Annotated[SignedIn, Depends(_editor)]


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
def rules_page(request: Request, user: Editor) -> Response:
    return _rules_page(request, user)


@router.post("/policy/rules", response_class=HTMLResponse)
async def rules_submit(request: Request, user: Editor) -> Response:
    form = await csrf_form(request)
    try:
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
    except ValueError:
        raise InvalidRules("days must be a number") from None
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
def guidelines_page(request: Request, user: Editor) -> Response:
    return _guidelines_page(request, user)


@router.post("/policy/guidelines", response_class=HTMLResponse)
async def guidelines_submit(request: Request, user: Editor) -> Response:
    form = await csrf_form(request)
    source = str(form.get("source", ""))
    problems = [p.as_dict() for p in guidelines.check(source, "guidelines")]
    if form.get("do") == "check" or problems:
        return _guidelines_page(request, user, source, problems, 422 if problems else 200)
    guidelines.save(_rt(request), user.principal, source, str(form.get("note") or "") or None)
    return redirect(request, "/policy/guidelines?published=1")
