"""Pages: the moderator console (queues, case page, decide, appeals, bulk) and "my reports"."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from hifazat.domain.access import Role
from hifazat.domain.cases import Outcome, report_reasons
from hifazat.services import appeals, case_decisions, case_history, cases, comments, queue, reports
from hifazat.services.access import SignedIn
from hifazat.services.case_views import APPEAL_REVIEWERS, CASE_STAFF, DECIDERS
from hifazat.services.runtime import Runtime
from hifazat.web.pages import SignedInUser, check_csrf, redirect, render

router = APIRouter(include_in_schema=False)
SAVERS = frozenset({Role.ADMIN, Role.POLICY_MANAGER, Role.SENIOR_MODERATOR})


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _opt(value: str | None) -> str | None:
    return value.strip() or None if value else None


@router.get("/moderation", response_class=HTMLResponse)
def queue_page(
    request: Request,
    user: SignedInUser,
    lane: str | None = None,
    language: str | None = None,
    region: str | None = None,
    category: str | None = None,
    cursor: str | None = None,
    saved: int | None = None,
) -> Response:
    rt = _rt(request)
    filters = (
        queue.saved_queue_filter(rt, user.principal, saved)
        if saved
        else queue.QueueFilter(_opt(lane), _opt(language), _opt(region), _opt(category))
    )
    page = queue.list_queue(rt, user.principal, filters, _opt(cursor))
    stats = queue.queue_stats(rt, user.principal)
    saved_queues = queue.list_saved_queues(rt, user.principal)
    exposure = cases.exposure_today(rt, user.principal)
    return render(
        request,
        "moderation_queue.html",
        user=user,
        page=page,
        filters=filters,
        stats=stats,
        saved_queues=saved_queues,
        exposure=exposure,
        revealed=cases.revealed_cases(rt, user.principal),
        outcomes=[o.value for o in Outcome],
        may_decide=user.principal.role in DECIDERS,
        may_save=user.principal.role in SAVERS,
        done=request.query_params.get("done"),
    )


@router.post("/moderation/queues")
def save_queue(
    request: Request,
    user: SignedInUser,
    name: str = Form(max_length=100),
    lane: str = Form(default="", max_length=16),
    language: str = Form(default="", max_length=8),
    region: str = Form(default="", max_length=2),
    category: str = Form(default="", max_length=32),
    csrf_token: str = Form(default=""),
) -> Response:
    check_csrf(request, csrf_token)
    filters = queue.QueueFilter(_opt(lane), _opt(language), _opt(region), _opt(category))
    saved = queue.save_queue(_rt(request), user.principal, name, filters)
    return redirect(request, f"/moderation?saved={saved.id}")


@router.get("/moderation/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, user: SignedInUser) -> Response:
    items = appeals.inbox(_rt(request), user.principal)
    return render(request, "moderation_inbox.html", user=user, items=items)


@router.get("/moderation/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, user: SignedInUser, case_id: int) -> Response:
    rt = _rt(request)
    view = cases.get_case(rt, user.principal, case_id)
    events = (
        case_history.case_events(rt, user.principal, case_id)
        if user.principal.role in CASE_STAFF
        else []
    )
    return render(
        request,
        "moderation_case.html",
        user=user,
        view=view,
        events=events,
        revealed=case_id in cases.revealed_cases(rt, user.principal)
        or user.principal.role not in CASE_STAFF,
        outcomes=[o.value for o in Outcome],
        categories=sorted({r.category.value for r in report_reasons()}),
        may_decide=user.principal.role in DECIDERS,
        may_review=user.principal.role in APPEAL_REVIEWERS,
        staff=user.principal.role in CASE_STAFF,
        done=request.query_params.get("done"),
    )


def _act(
    request: Request,
    user: SignedIn,
    csrf_token: str,
    case_id: int,
    action: Callable[[Runtime, SignedIn], object],
) -> Response:
    check_csrf(request, csrf_token)
    action(_rt(request), user)
    return redirect(request, f"/moderation/cases/{case_id}?done=1")


@router.post("/moderation/cases/{case_id}/reveal")
def reveal(
    request: Request, user: SignedInUser, case_id: int, csrf_token: str = Form(default="")
) -> Response:
    return _act(
        request,
        user,
        csrf_token,
        case_id,
        lambda rt, u: cases.reveal_case(rt, u.principal, case_id),
    )


@router.post("/moderation/cases/{case_id}/claim")
def claim(
    request: Request, user: SignedInUser, case_id: int, csrf_token: str = Form(default="")
) -> Response:
    return _act(
        request, user, csrf_token, case_id, lambda rt, u: cases.claim_case(rt, u.principal, case_id)
    )


@router.post("/moderation/cases/{case_id}/decide")
def decide(
    request: Request,
    user: SignedInUser,
    case_id: int,
    outcome: str = Form(max_length=32),
    explanation: str = Form(default="", max_length=5000),
    category: str = Form(default="", max_length=32),
    days: str = Form(default="", max_length=4),
    csrf_token: str = Form(default=""),
) -> Response:
    cmd = case_decisions.DecisionInput(
        outcome, explanation, _opt(category), int(days) if days.strip().isdigit() else None
    )
    return _act(
        request,
        user,
        csrf_token,
        case_id,
        lambda rt, u: case_decisions.decide_case(rt, u.principal, case_id, cmd),
    )


@router.post("/moderation/cases/{case_id}/reverse")
def reverse(
    request: Request,
    user: SignedInUser,
    case_id: int,
    explanation: str = Form(default="", max_length=5000),
    csrf_token: str = Form(default=""),
) -> Response:
    return _act(
        request,
        user,
        csrf_token,
        case_id,
        lambda rt, u: case_decisions.reverse_decision(rt, u.principal, case_id, explanation),
    )


@router.post("/moderation/cases/{case_id}/note")
def note(
    request: Request,
    user: SignedInUser,
    case_id: int,
    text: str = Form(default="", max_length=5000),
    appeal_id: str = Form(default="", max_length=12),
    csrf_token: str = Form(default=""),
) -> Response:
    appeal = int(appeal_id) if appeal_id.isdigit() else None
    return _act(
        request,
        user,
        csrf_token,
        case_id,
        lambda rt, u: appeals.add_note(rt, u.principal, case_id, text, appeal_id=appeal),
    )


@router.post("/moderation/cases/{case_id}/appeals/{appeal_id}")
def decide_appeal(
    request: Request,
    user: SignedInUser,
    case_id: int,
    appeal_id: int,
    verdict: str = Form(max_length=16),
    explanation: str = Form(default="", max_length=5000),
    csrf_token: str = Form(default=""),
) -> Response:
    overturn = verdict == "overturn"
    return _act(
        request,
        user,
        csrf_token,
        case_id,
        lambda rt, u: appeals.decide_appeal(rt, u.principal, appeal_id, overturn, explanation),
    )


@router.post("/moderation/bulk")
async def bulk(request: Request, user: SignedInUser) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token") or ""))
    ids = [int(str(v)) for v in form.getlist("case_id") if str(v).isdigit()]
    cmd = case_decisions.DecisionInput(
        str(form.get("outcome") or ""), str(form.get("explanation") or "")
    )
    done = case_decisions.bulk_decide(_rt(request), user.principal, ids, cmd)
    return redirect(request, f"/moderation?done={len(done)}")


@router.get("/reports/mine", response_class=HTMLResponse)
def my_reports_page(request: Request, user: SignedInUser) -> Response:
    rt = _rt(request)
    recent = []
    mine = reports.my_reports(rt, user.principal)
    if user.principal.role is Role.CREATOR:
        for handle in sorted(user.principal.subjects):
            recent += comments.recent_decisions(rt, user.principal, handle, limit=30)
    return render(
        request,
        "reports_mine.html",
        user=user,
        reports=mine,
        recent=recent,
        reasons=report_reasons(),
        filed=request.query_params.get("filed") == "1",
        appealed=request.query_params.get("appealed") == "1",
    )


@router.post("/reports")
def file_report(
    request: Request,
    user: SignedInUser,
    comment_id: str = Form(max_length=20),
    reason: str = Form(max_length=32),
    text: str = Form(default="", max_length=2000),
    csrf_token: str = Form(default=""),
) -> Response:
    check_csrf(request, csrf_token)
    reports.file_report(
        _rt(request),
        user.principal,
        reports.NewReport("comment", comment_id.strip(), reason, _opt(text)),
    )
    return redirect(request, "/reports/mine?filed=1")


@router.post("/reports/{case_id}/appeal")
def appeal_from_reports(
    request: Request,
    user: SignedInUser,
    case_id: int,
    text: str = Form(default="", max_length=5000),
    csrf_token: str = Form(default=""),
) -> Response:
    """A creator appeals the decision on a case about their content."""
    check_csrf(request, csrf_token)
    appeals.file_appeal(_rt(request), user.principal, case_id, text)
    return redirect(request, "/reports/mine?appealed=1")
