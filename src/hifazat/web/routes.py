"""Pages: home, sign-in/out, the creator's recent decisions and keyword list."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hifazat.domain.access import Role
from hifazat.errors import Unauthenticated
from hifazat.services import comments, creators
from hifazat.services.access import sign_in
from hifazat.services.runtime import Runtime
from hifazat.web.pages import SignedInUser, check_csrf, current_user, redirect, render

router = APIRouter(include_in_schema=False)


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    user = current_user(request)
    if user and user.principal.role is Role.CREATOR and user.principal.subjects:
        return redirect(request, f"/creator/{sorted(user.principal.subjects)[0]}")
    creator_list = []
    if user and user.principal.role is not Role.CREATOR:
        from hifazat.services.creators import list_creators

        creator_list = list_creators(_rt(request), user.principal)
    return render(request, "home.html", user=user, creators=creator_list)


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request) -> Response:
    return render(
        request, "signin.html", error=None, demo=_rt(request).settings.environment != "production"
    )


@router.post("/signin", response_class=HTMLResponse)
def signin_submit(
    request: Request,
    username: str = Form(max_length=64),
    password: str = Form(max_length=200),
    csrf_token: str = Form(default=""),
) -> Response:
    check_csrf(request, csrf_token)
    try:
        signed = sign_in(_rt(request), username, password)
    except Unauthenticated:
        return render(
            request,
            "signin.html",
            status_code=401,
            error="Wrong username or password.",
            demo=_rt(request).settings.environment != "production",
        )
    request.session.clear()
    request.session["user"] = signed.principal.name
    return redirect(request, "/")


@router.post("/signout")
def signout(request: Request, csrf_token: str = Form(default="")) -> RedirectResponse:
    check_csrf(request, csrf_token)
    request.session.clear()
    return redirect(request, "/signin")


@router.get("/creator/{handle}", response_class=HTMLResponse)
def creator_page(request: Request, user: SignedInUser, handle: str) -> Response:
    rt = _rt(request)
    creator = creators.get_creator(rt, user.principal, handle)
    decisions = comments.recent_decisions(rt, user.principal, handle, limit=50)
    keywords = creators.get_keywords(rt, user.principal, handle)
    return render(
        request,
        "creator.html",
        user=user,
        creator=creator,
        decisions=decisions,
        keywords=keywords,
        saved=request.query_params.get("saved") == "1",
    )


@router.post("/creator/{handle}/keywords")
def creator_keywords(
    request: Request,
    user: SignedInUser,
    handle: str,
    keywords: str = Form(default="", max_length=20_000),
    csrf_token: str = Form(default=""),
) -> Response:
    check_csrf(request, csrf_token)
    creators.set_keywords(_rt(request), user.principal, handle, keywords.splitlines())
    return redirect(request, f"/creator/{handle}?saved=1")
