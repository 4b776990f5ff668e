"""Pages: take a survey by link (English or Urdu), the facilitator's brainstorm board, the
printable focus-group report, and the platform benchmark."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import FormData

from hifazat.domain.surveys import Instrument, Item, visible_items
from hifazat.errors import HifazatError
from hifazat.services import benchmark, feedback_report, surveys
from hifazat.services import focus_group_board as board_svc
from hifazat.services import focus_groups as fgs
from hifazat.services.access import SignedIn
from hifazat.services.runtime import Runtime
from hifazat.web.pages import SignedInUser, check_csrf, csrf_form, lang_of, redirect, render

router = APIRouter(include_in_schema=False)


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


# ---- taking a survey ------------------------------------------------------------------------


def _sections(inst: Instrument, answers: dict[str, Any]) -> list[tuple[Any, list[Item]]]:
    shown = {i.id for i in visible_items(inst, answers)}
    out = []
    for s in inst.sections:
        items = [i for i in s.items if i.id in shown]
        if items:
            out.append((s, items))
    return out


def _form_answers(form: FormData, items: list[Item]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in items:
        if item.type == "multi":
            values = [str(v) for v in form.getlist(item.id)]
            answers[item.id] = values
        elif item.type == "matrix":
            row_values = {
                str(r.value): str(form.get(f"{item.id}.{r.value}"))
                for r in item.rows
                if form.get(f"{item.id}.{r.value}")
            }
            answers[item.id] = row_values
        else:
            value = form.get(item.id)
            answers[item.id] = str(value).strip() if value is not None else None
    return answers


def _resume_key(token: str) -> str:
    return f"survey:{token}"


@router.get("/s/{token}", response_class=HTMLResponse)
def take_survey(request: Request, token: str) -> Response:
    rt = _rt(request)
    link = surveys.open_link(rt, token, request.session.get(_resume_key(token)))
    answers = dict(link.response.answers) if link.response else {}
    if link.response is not None and link.response.status == "complete":
        return render(request, "survey_done.html", campaign=link.campaign)
    sections = _sections(link.instrument, answers)
    index = _index(request.query_params.get("section"), len(sections))
    return _render_section(request, token, link.instrument, sections, index, answers, [], 200)


def _index(raw: str | None, count: int) -> int:
    try:
        return max(0, min(int(raw or 0), count - 1))
    except ValueError:
        return 0


def _render_section(
    request: Request,
    token: str,
    inst: Instrument,
    sections: list[tuple[Any, list[Item]]],
    index: int,
    answers: dict[str, Any],
    errors: list[tuple[str, str]],
    status: int,
) -> Response:
    section, items = sections[index]
    return render(
        request,
        "survey_take.html",
        status_code=status,
        token=token,
        instrument=inst,
        section=section,
        items=items,
        index=index,
        count=len(sections),
        answers=answers,
        errors=dict(errors),
        error_list=errors,
        labels={i.id: i.label(lang_of(request)) for i in inst.items()},
    )


@router.post("/s/{token}", response_class=HTMLResponse)
async def save_survey(request: Request, token: str) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token") or ""))
    rt = _rt(request)
    link = surveys.open_link(rt, token, request.session.get(_resume_key(token)))
    before = dict(link.response.answers) if link.response else {}
    sections = _sections(link.instrument, before)
    index = _index(str(form.get("section") or 0), len(sections))
    section, items = sections[index]
    given = _form_answers(form, items)
    result = surveys.save_response(
        rt,
        token,
        given,
        language=lang_of(request),
        submit=False,
        resume=request.session.get(_resume_key(token)),
    )
    request.session[_resume_key(token)] = result.resume_token
    errors = [(p.where, p.message) for p in result.problems]
    section_ids = {i.id for i in items}
    missing_here = [m for m in result.missing if m in section_ids]
    if errors or missing_here:
        shown = {**before, **{k: v for k, v in given.items() if v not in (None, "", [], {})}}
        errors += [(m, "required") for m in missing_here]
        return _render_section(request, token, link.instrument, sections, index, shown, errors, 422)
    after = surveys.open_link(rt, token, result.resume_token)
    answers = dict(after.response.answers) if after.response else {}
    sections = _sections(link.instrument, answers)
    current = next((n for n, (sec, _) in enumerate(sections) if sec.id == section.id), index)
    last = current >= len(sections) - 1
    if not last:
        return redirect(request, f"/s/{token}?section={current + 1}")
    final = surveys.save_response(
        rt, token, {}, language=lang_of(request), submit=True, resume=result.resume_token
    )
    if final.status != "complete":
        first = final.missing[0] if final.missing else ""
        where = next(
            (n for n, (_, its) in enumerate(sections) if any(i.id == first for i in its)), 0
        )
        return redirect(request, f"/s/{token}?section={where}")
    return render(request, "survey_done.html", campaign=link.campaign)


# ---- focus groups ---------------------------------------------------------------------------


@router.get("/focus-groups", response_class=HTMLResponse)
def fg_list(request: Request, user: SignedInUser) -> Response:
    sessions = fgs.list_sessions(_rt(request), user.principal)
    return render(request, "fg_list.html", user=user, sessions=sessions)


@router.get("/focus-groups/{session_id}", response_class=HTMLResponse)
def fg_board(request: Request, user: SignedInUser, session_id: int) -> Response:
    rt = _rt(request)
    b = board_svc.board(rt, user.principal, session_id)
    suggestions = fgs.suggest_clusters(rt, user.principal, session_id)
    ideas_by_cluster: dict[int | None, list[Any]] = {}
    for idea in b.ideas:
        ideas_by_cluster.setdefault(idea.cluster_id, []).append(idea)
    text_of = {str(i.id): i for i in b.ideas}
    links = {
        c.id: surveys.invitations(rt, user.principal, c.id)
        for c in b.campaigns
        if c.mode == "personal"
    }
    return render(
        request,
        "fg_board.html",
        user=user,
        b=b,
        ideas_by_cluster=ideas_by_cluster,
        text_of=text_of,
        suggestions=suggestions,
        links=links,
        segments=fgs.SEGMENTS,
        flash=request.query_params.get("done"),
    )


async def _fg_action(request: Request, user: SignedIn, session_id: int) -> Response:
    form = await csrf_form(request)
    rt, p = _rt(request), user.principal
    action = str(form.get("action") or "")
    f = {k: str(v) for k, v in form.items()}
    try:
        if action == "idea":
            author = f.get("author") or None
            fgs.capture_idea(
                rt, p, session_id, f.get("text", ""), kind=f.get("kind", "idea"), author_pid=author
            )
        elif action == "participant":
            fgs.add_participant(
                rt,
                p,
                session_id,
                f.get("pid", ""),
                f.get("segment", ""),
                consent=f.get("consent") == "on",
                languages=[x.strip() for x in f.get("languages", "").split(",") if x.strip()],
            )
        elif action == "cluster":
            fgs.create_cluster(rt, p, session_id, f.get("label", ""))
        elif action == "move":
            target = f.get("cluster_id") or ""
            fgs.move_idea(
                rt, p, session_id, int(f.get("idea_id", "0")), int(target) if target else None
            )
        elif action == "suggest":
            fgs.apply_suggestions(rt, p, session_id)
        elif action == "ranking":
            ids = [int(x) for x in f.get("ranking", "").replace(" ", "").split(",") if x]
            fgs.record_ranking(rt, p, session_id, f.get("pid", ""), ids, int(f.get("round", "1")))
        elif action == "dots":
            dots = [int(str(x)) for x in form.getlist("dots")]
            fgs.record_dots(rt, p, session_id, f.get("pid", ""), dots, int(f.get("round", "1")))
        elif action == "note":
            fgs.add_note(rt, p, session_id, f.get("block", "brainstorm"), f.get("text", ""))
        elif action == "campaign":
            b = board_svc.board(rt, p, session_id)
            wave = f.get("wave", "pre")
            mode = "personal" if f.get("mode") == "personal" else "open"
            campaign = surveys.create_campaign(
                rt,
                p,
                surveys.NewCampaign(
                    name=f"{b.session.title} — {wave}",
                    instrument_key="csm",
                    region=b.session.region,
                    period=b.session.held_on[:7],
                    wave=wave,
                    mode=mode,
                    session_id=session_id,
                ),
            )
            if mode == "personal":
                for participant in b.participants:
                    surveys.invite(rt, p, campaign.id, participant_id=participant.id)
        else:
            return redirect(request, f"/focus-groups/{session_id}")
    except ValueError:
        exc: HifazatError = HifazatError("a number was expected")
        return render(request, "error.html", status_code=422, user=user, error=exc)
    return redirect(request, f"/focus-groups/{session_id}?done={action}")


@router.post("/focus-groups/{session_id}")
async def fg_post(request: Request, user: SignedInUser, session_id: int) -> Response:
    return await _fg_action(request, user, session_id)


@router.get("/focus-groups/{session_id}/export.json")
def fg_export(request: Request, user: SignedInUser, session_id: int) -> Response:
    data = board_svc.export_session(_rt(request), user.principal, session_id)
    return JSONResponse(
        data,
        headers={"Content-Disposition": f'attachment; filename="focus-group-{session_id}.json"'},
    )


@router.get("/focus-groups/{session_id}/report", response_class=HTMLResponse)
def fg_report(request: Request, user: SignedInUser, session_id: int) -> Response:
    report = feedback_report.build_report(_rt(request), user.principal, session_id)
    return render(request, "fg_report.html", user=user, r=report)


# ---- benchmark ------------------------------------------------------------------------------


@router.get("/benchmark", response_class=HTMLResponse)
def benchmark_page(request: Request, user: SignedInUser) -> Response:
    rt = _rt(request)
    used, wanted = feedback_report.tool_demand_all(rt, user.principal)
    gaps = benchmark.gaps(rt, user.principal, used, wanted)
    return render(
        request,
        "benchmark.html",
        user=user,
        features=benchmark.features(),
        platforms=benchmark.platforms(),
        cell=benchmark.cell,
        ours=benchmark.own_column(rt),
        gaps=gaps,
        values=benchmark.VALUES,
    )


@router.post("/benchmark")
async def benchmark_save(request: Request, user: SignedInUser) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token") or ""))
    benchmark.set_own_cell(
        _rt(request),
        user.principal,
        str(form.get("feature") or ""),
        str(form.get("value") or ""),
        str(form.get("detail") or ""),
    )
    return redirect(request, "/benchmark")
