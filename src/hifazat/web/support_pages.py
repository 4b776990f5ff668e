"""Public support pages: the safety center, guides and the helpline directory."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markdown_it import MarkdownIt
from markupsafe import Markup

from hifazat.domain.access import Role
from hifazat.errors import HifazatError
from hifazat.services import guides
from hifazat.services.helplines import find_helplines, load_directory
from hifazat.services.runtime import Runtime
from hifazat.web.pages import current_user, lang_of, render

router = APIRouter(include_in_schema=False)
_markdown = MarkdownIt("commonmark", {"html": False})
#: Issues offered in the helpline filter (directory vocabulary), most asked first.
ISSUE_CHOICES = (
    "cyber_harassment",
    "cyberbullying",
    "sextortion",
    "ncii",
    "digital_security",
    "mental_health",
    "suicide_prevention",
    "legal_aid",
    "gbv",
    "domestic_violence",
    "child_safety",
    "fraud_scams",
    "hate_speech",
)


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


@router.get("/support", response_class=HTMLResponse)
def center(request: Request, q: str = "") -> Response:
    """'I am being harassed': the steps, the guides (searchable) and the helplines."""
    lang = lang_of(request)
    hits = guides.search_guides(q[:200], lang) if q.strip() else []
    return render(
        request,
        "support/center.html",
        guides=guides.list_guides(lang),
        hits=hits,
        q=q[:200],
    )


@router.get("/support/guides/{guide_id}", response_class=HTMLResponse)
def guide(request: Request, guide_id: str) -> Response:
    g = guides.get_guide(guide_id, lang_of(request))
    body = Markup(_markdown.render(g.body))
    return render(request, "support/guide.html", guide=g, body=body)


@router.get("/helplines", response_class=HTMLResponse)
def helplines(
    request: Request, country: str = "PK", issue: str = "", language: str = ""
) -> Response:
    """Current lines, emergency first; old numbers apart; directory problems for admins."""
    rt = _rt(request)
    user = current_user(request)
    language = language or lang_of(request)
    directory = load_directory(rt.settings)
    selection = None
    error: HifazatError | None = None
    try:
        selection, directory = find_helplines(
            rt.settings, country[:8], issue[:40] or None, language[:8] or None
        )
    except HifazatError as exc:
        error = exc
    staff = user is not None and user.principal.role in {Role.ADMIN, Role.POLICY_MANAGER}
    return render(
        request,
        "support/helplines.html",
        status_code=error.status if error else 200,
        user=user,
        selection=selection,
        error=error,
        country=country.upper()[:8],
        issue=issue,
        language=language,
        countries=[c for c in directory.countries if c != "INT"],
        issues=ISSUE_CHOICES,
        problems=directory.problems if staff else (),
        broken=sorted(directory.broken),
        leads=directory.leads,
    )
