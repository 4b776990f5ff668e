"""Rendering helpers shared by the page routers: language, signed-in user, CSRF, templates."""

from __future__ import annotations

import inspect
import secrets
from importlib.resources import files
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from hifazat.errors import CsrfFailed, HifazatError
from hifazat.services.access import SignedIn, principal_for_user
from hifazat.services.runtime import Runtime
from hifazat.web.i18n import RTL, translator

templates = Jinja2Templates(directory=str(files("hifazat.web") / "templates"))


def lang_of(request: Request) -> str:
    return str(getattr(request.state, "lang", "en"))


def url_for_lang(lang: str, path: str) -> str:
    return ("/ur" + path) if lang == "ur" else path


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not secrets.compare_digest(str(expected), submitted):
        raise CsrfFailed("the form's security token is missing or wrong; reload the page")


async def csrf_form(request: Request) -> FormData:
    """The submitted form, after its CSRF token is checked (every state-changing page uses it)."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token", "")))
    return form


def current_user(request: Request) -> SignedIn | None:
    username = request.session.get("user")
    if not username:
        return None
    rt: Runtime = request.app.state.runtime
    return principal_for_user(rt, str(username))


class SignInRequired(Exception):
    """Nobody is signed in: the page answers with a redirect to the sign-in page."""


def signed_in(request: Request) -> SignedIn:
    """Dependency of every page that needs a signed-in user."""
    user = current_user(request)
    if user is None:
        raise SignInRequired
    return user


#: A page handler's signed-in user (anyone else is redirected to the sign-in page).
SignedInUser = Annotated[SignedIn, Depends(signed_in)]


def is_page(request: Request) -> bool:
    """Was the request routed to a web page (not an API endpoint)?"""
    endpoint = request.scope.get("endpoint")
    return str(getattr(endpoint, "__module__", "")).startswith("hifazat.web")


def install(app: FastAPI) -> None:
    """Pages answer a typed error with the error page and a missing sign-in with a redirect.

    API endpoints keep their RFC 9457 problems: the handler already installed for
    :class:`HifazatError` answers every request that did not reach a page.
    """
    problem_handler = app.exception_handlers[HifazatError]

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        return redirect(request, "/signin")

    @app.exception_handler(HifazatError)
    async def _error_page(request: Request, exc: HifazatError) -> Response:
        if not is_page(request):
            response = problem_handler(request, exc)
            return await response if inspect.isawaitable(response) else response
        return render(request, "error.html", status_code=exc.status, error=exc)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    user = context.pop("user", None) or current_user(request)
    path = request.url.path
    return templates.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "dir": "rtl" if lang in RTL else "ltr",
            "_": translator(lang),
            "url": lambda p: url_for_lang(lang, p),
            "other_lang_url": url_for_lang("en" if lang == "ur" else "ur", path),
            "user": user,
            "csrf": csrf_token(request),
            **context,
        },
        status_code=status_code,
    )


def redirect(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(url_for_lang(lang_of(request), path), status_code=303)
