"""Focus-group sessions: participants, ideas, clusters, NGT rankings, dot votes, notes, export."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import Handle, Region, SafeText
from hifazat.db.feedback_tables import FocusGroupIdea, FocusGroupSession
from hifazat.domain.access import Principal
from hifazat.services import focus_group_board as fg_board
from hifazat.services import focus_groups as fgs
from hifazat.services.runtime import Runtime
from hifazat.services.surveys import FEEDBACK_ROLES, RESULT_READERS

router = APIRouter(prefix="/v1/focus-groups", tags=["focus groups"])
RUN = FEEDBACK_ROLES
READ = RESULT_READERS


class AgendaBlock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    block: str = Field(pattern=r"^[a-z_]{1,64}$")
    title: SafeText = Field(min_length=1, max_length=200)
    minutes: int = Field(ge=1, le=600)


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: SafeText = Field(min_length=1, max_length=200)
    city: str = Field(min_length=1, max_length=100)
    region: Region
    held_on: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    facilitator: str = Field(min_length=1, max_length=200)
    question: SafeText = Field(min_length=1, max_length=2000)
    partner_org: str | None = Field(default=None, max_length=200)
    agenda: list[AgendaBlock] | None = Field(default=None, max_length=30)


class SessionOut(BaseModel):
    id: int
    title: str
    city: str
    region: str
    held_on: str
    question: str
    agenda: list[dict[str, Any]]


def _session(s: FocusGroupSession) -> SessionOut:
    return SessionOut(
        id=s.id,
        title=s.title,
        city=s.city,
        region=s.region,
        held_on=s.held_on,
        question=s.question,
        agenda=list(s.agenda),
    )


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pid: str = Field(pattern=r"^[A-Za-z0-9_\-]{1,32}$")
    segment: str = Field(max_length=32)
    consent: bool
    creator: Handle | None = None
    consent_to_link: bool = False
    languages: list[str] = Field(default_factory=list, max_length=8)


class IdeaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: SafeText = Field(min_length=1, max_length=2000)
    kind: str = Field(default="idea", pattern="^(idea|used_today|seen_elsewhere)$")
    author: str | None = Field(default=None, max_length=32, description="omit for anonymous")


class IdeaOut(BaseModel):
    id: int
    text: str
    language: str
    kind: str
    cluster_id: int | None


def _idea(i: FocusGroupIdea) -> IdeaOut:
    return IdeaOut(id=i.id, text=i.text, language=i.language, kind=i.kind, cluster_id=i.cluster_id)


class ClusterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: SafeText = Field(min_length=1, max_length=200)


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cluster_id: int | None


class VoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pid: str = Field(max_length=32)
    choices: list[int] = Field(min_length=1, max_length=7)
    round: int = Field(default=1, ge=1, le=2)


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    block: str = Field(max_length=64)
    text: SafeText = Field(min_length=1, max_length=2000)


class SuggestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float = Field(default=0.3, gt=0, lt=1)


@router.post("", response_model=SessionOut, status_code=201)
def create(
    body: SessionIn, principal: Principal = Depends(Allow(*RUN)), rt: Runtime = Depends(runtime)
) -> SessionOut:
    new = fgs.NewSession(
        title=body.title,
        city=body.city,
        region=body.region,
        held_on=body.held_on,
        facilitator=body.facilitator,
        question=body.question,
        partner_org=body.partner_org,
    )
    if body.agenda:
        new = replace(new, agenda=tuple(b.model_dump() for b in body.agenda))
    return _session(fgs.create_session(rt, principal, new))


@router.get("", response_model=list[SessionOut])
def list_sessions(
    principal: Principal = Depends(Allow(*READ)), rt: Runtime = Depends(runtime)
) -> list[SessionOut]:
    return [_session(s) for s in fgs.list_sessions(rt, principal)]


@router.get("/{session_id}/export")
def export(
    session_id: int, principal: Principal = Depends(Allow(*READ)), rt: Runtime = Depends(runtime)
) -> dict[str, Any]:
    """The whole session: participants (pseudonymous), ideas (no authors), clusters with dot
    votes, NGT scores, notes, and the pre/post survey answers."""
    return fg_board.export_session(rt, principal, session_id)


@router.post("/{session_id}/participants", status_code=201)
def add_participant(
    session_id: int,
    body: ParticipantIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    p = fgs.add_participant(
        rt,
        principal,
        session_id,
        body.pid,
        body.segment,
        consent=body.consent,
        link_creator=body.creator,
        consent_to_link=body.consent_to_link,
        languages=body.languages,
    )
    return {"id": p.id, "pid": p.pid, "segment": p.segment, "linked": p.creator_id is not None}


@router.post("/{session_id}/ideas", response_model=IdeaOut, status_code=201)
def capture(
    session_id: int,
    body: IdeaIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> IdeaOut:
    return _idea(
        fgs.capture_idea(
            rt, principal, session_id, body.text, kind=body.kind, author_pid=body.author
        )
    )


@router.post("/{session_id}/clusters", status_code=201)
def cluster(
    session_id: int,
    body: ClusterIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    c = fgs.create_cluster(rt, principal, session_id, body.label)
    return {"id": c.id, "label": c.label}


@router.put("/{session_id}/ideas/{idea_id}/cluster", response_model=IdeaOut)
def move(
    session_id: int,
    idea_id: int,
    body: MoveIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> IdeaOut:
    return _idea(fgs.move_idea(rt, principal, session_id, idea_id, body.cluster_id))


@router.get("/{session_id}/suggestions")
def suggestions(
    session_id: int,
    threshold: float = 0.3,
    principal: Principal = Depends(Allow(*READ)),
    rt: Runtime = Depends(runtime),
) -> list[dict[str, Any]]:
    """Suggested clusters for unclustered ideas, from text similarity across languages."""
    threshold = min(max(threshold, 0.05), 0.95)
    return [
        {"label": label, "ideas": ids}
        for label, ids in fgs.suggest_clusters(rt, principal, session_id, threshold)
    ]


@router.post("/{session_id}/suggestions/apply", status_code=201)
def apply(
    session_id: int,
    body: SuggestIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "label": c.label}
        for c in fgs.apply_suggestions(rt, principal, session_id, body.threshold)
    ]


@router.post("/{session_id}/rankings", status_code=201)
def ranking(
    session_id: int,
    body: VoteIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """One participant's NGT ranking, most important idea first (up to 7)."""
    v = fgs.record_ranking(rt, principal, session_id, body.pid, body.choices, body.round)
    return {"id": v.id, "round": v.round, "choices": v.choices}


@router.post("/{session_id}/dots", status_code=201)
def dots(
    session_id: int,
    body: VoteIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """One participant's dot votes on clusters (up to 3 dots; may stack)."""
    v = fgs.record_dots(rt, principal, session_id, body.pid, body.choices, body.round)
    return {"id": v.id, "round": v.round, "choices": v.choices}


@router.post("/{session_id}/notes", status_code=201)
def note(
    session_id: int,
    body: NoteIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    n = fgs.add_note(rt, principal, session_id, body.block, body.text)
    return {"id": n.id}
