"""The application factory: API, web pages, static files, error rendering."""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from hifazat import __version__
from hifazat.api import problems
from hifazat.api.limits import BodyLimit
from hifazat.api.routes import admin, comments, creators, detect, health
from hifazat.api.routes import appeals as appeal_routes
from hifazat.api.routes import cases as case_routes
from hifazat.api.routes import controls as control_routes
from hifazat.api.routes import dsa as dsa_routes
from hifazat.api.routes import events as event_routes
from hifazat.api.routes import feedback as feedback_routes
from hifazat.api.routes import focus_groups as focus_group_routes
from hifazat.api.routes import guidelines as guideline_routes
from hifazat.api.routes import held as held_routes
from hifazat.api.routes import metrics as metrics_routes
from hifazat.api.routes import nudge as nudge_routes
from hifazat.api.routes import reports as report_routes
from hifazat.api.routes import rules as rule_routes
from hifazat.api.routes import strikes as strike_routes
from hifazat.api.routes import surveys as survey_routes
from hifazat.api.routes.support import SUPPORT_API_ROUTERS
from hifazat.services.runtime import Runtime
from hifazat.web import controls_pages, metrics_pages, pages, policy_pages
from hifazat.web import feedback_pages as feedback_web
from hifazat.web import moderation as moderation_pages
from hifazat.web import routes as web_routes
from hifazat.web.language import LanguagePrefix
from hifazat.web.support_routers import SUPPORT_WEB_ROUTERS

#: Every API router, in order. Tests walk their routes (roles, docs).
API_ROUTERS = (
    health.router,
    comments.router,
    detect.router,
    creators.router,
    admin.router,
    guideline_routes.router,
    rule_routes.router,
    control_routes.router,
    held_routes.router,
    nudge_routes.router,
    survey_routes.router,
    focus_group_routes.router,
    feedback_routes.router,
    report_routes.router,
    case_routes.router,
    appeal_routes.router,
    strike_routes.router,
    dsa_routes.router,
    metrics_routes.router,
    event_routes.router,
    *SUPPORT_API_ROUTERS,
)
#: Every web page router (served under / and /ur/).
WEB_ROUTERS = (
    web_routes.router,
    controls_pages.router,
    policy_pages.router,
    moderation_pages.router,
    feedback_web.router,
    metrics_pages.router,
    *SUPPORT_WEB_ROUTERS,
)


def create_app(rt: Runtime) -> FastAPI:
    app = FastAPI(
        title="Hifazat",
        version=__version__,
        summary="Trust & safety for creators: detection, controls, decisions with reasons.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.runtime = rt
    problems.install(app)
    pages.install(app)  # after the problems: pages answer errors with pages
    for router in API_ROUTERS:
        app.include_router(router)
    for router in WEB_ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(files("hifazat.web") / "static")), name="static")
    app.add_middleware(
        SessionMiddleware,
        secret_key=rt.settings.secret_key,
        session_cookie="hifazat_session",
        max_age=rt.settings.session_max_age_s,
        same_site="lax",
        https_only=rt.settings.environment == "production",
    )
    app.add_middleware(LanguagePrefix)
    app.add_middleware(BodyLimit, max_bytes=rt.settings.max_body_bytes)
    return app
