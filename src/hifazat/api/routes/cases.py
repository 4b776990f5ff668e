"""The review queue and cases: read, claim, assign, decide (one or many), reverse, escalate."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Response
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import Handle, SafeText
from hifazat.domain.access import Principal, Role
from hifazat.services import appeals, case_decisions, case_history, cases, queue
from hifazat.services.case_views import APPEAL_REVIEWERS, CASE_STAFF, DECIDERS
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["cases"])
READERS = (*CASE_STAFF, Role.CREATOR, Role.PARTNER)


def _json(obj: Any) -> Response:
    """Dataclasses straight to JSON (orjson): the queue page is the hot path."""
    return Response(orjson.dumps(obj), media_type="application/json")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["no_action", "hide", "remove", "restrict_author", "suspend_author"]
    explanation: SafeText = Field(min_length=1, max_length=5000)
    category: str | None = Field(default=None, max_length=32)
    days: int | None = Field(default=None, ge=1, le=365)
    evidence: list[SafeText] = Field(default_factory=list, max_length=50)

    def command(self) -> case_decisions.DecisionInput:
        return case_decisions.DecisionInput(
            self.outcome, self.explanation, self.category, self.days, list(self.evidence)
        )


class BulkDecisionIn(DecisionIn):
    case_ids: list[int] = Field(min_length=1, max_length=500)


class ExplanationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    explanation: SafeText = Field(min_length=1, max_length=5000)


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    moderator: str = Field(min_length=1, max_length=200)


class EscalateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    partner: Handle


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    consent: bool


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: SafeText = Field(min_length=1, max_length=5000)
    internal: bool = True
    appeal_id: int | None = None


class SavedQueueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    lane: Literal["priority", "standard"] | None = None
    language: str | None = Field(default=None, max_length=8)
    region: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    category: str | None = Field(default=None, max_length=32)


@router.get("/queue")
def read_queue(
    lane: str | None = Query(default=None, max_length=16),
    language: str | None = Query(default=None, max_length=8),
    region: str | None = Query(default=None, max_length=2),
    category: str | None = Query(default=None, max_length=32),
    cursor: str | None = Query(default=None, max_length=64),
    limit: int = Query(default=50, ge=1, le=200),
    principal: Principal = Depends(Allow(*CASE_STAFF)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """Open cases, most urgent first; ``next_cursor`` pages on."""
    filters = queue.QueueFilter(lane, language, region, category)
    return _json(queue.list_queue(rt, principal, filters, cursor, limit))


@router.get("/queue/stats")
def queue_stats(
    principal: Principal = Depends(Allow(*CASE_STAFF, Role.ANALYST)),
    rt: Runtime = Depends(runtime),
) -> Any:
    return [jsonable_encoder(asdict(x)) for x in queue.queue_stats(rt, principal)]


@router.get("/queues")
def saved_queues(
    principal: Principal = Depends(Allow(*CASE_STAFF)),
    rt: Runtime = Depends(runtime),
) -> Any:
    return [asdict(q) for q in queue.list_saved_queues(rt, principal)]


@router.post("/queues", status_code=201)
def save_queue(
    body: SavedQueueIn,
    principal: Principal = Depends(Allow(Role.ADMIN, Role.POLICY_MANAGER, Role.SENIOR_MODERATOR)),
    rt: Runtime = Depends(runtime),
) -> Any:
    filters = queue.QueueFilter(body.lane, body.language, body.region, body.category)
    return asdict(queue.save_queue(rt, principal, body.name, filters))


@router.get("/queues/{queue_id}")
def read_saved_queue(
    queue_id: int,
    cursor: str | None = Query(default=None, max_length=64),
    principal: Principal = Depends(Allow(*CASE_STAFF)),
    rt: Runtime = Depends(runtime),
) -> Any:
    filters = queue.saved_queue_filter(rt, principal, queue_id)
    return _json(queue.list_queue(rt, principal, filters, cursor))


@router.post("/cases/bulk-decide")
def bulk_decide(
    body: BulkDecisionIn,
    principal: Principal = Depends(Allow(*DECIDERS)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """One decision on many cases from one raid: all or none."""
    done = case_decisions.bulk_decide(rt, principal, body.case_ids, body.command())
    return [jsonable_encoder(asdict(d)) for d in done]


@router.get("/cases/{case_id}")
def read_case(
    case_id: int,
    principal: Principal = Depends(Allow(*READERS)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """The case with its evidence and history. Reporters are shown to staff only."""
    return _json(cases.get_case(rt, principal, case_id))


@router.post("/cases/{case_id}/claim")
def claim(
    case_id: int,
    principal: Principal = Depends(Allow(*DECIDERS)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """Take the case; a second moderator gets ``case_claimed`` until it is released."""
    return {"case_id": case_id, "claimed_by": cases.claim_case(rt, principal, case_id)}


@router.post("/cases/{case_id}/release", status_code=204)
def release(
    case_id: int,
    principal: Principal = Depends(Allow(*DECIDERS)),
    rt: Runtime = Depends(runtime),
) -> None:
    cases.release_case(rt, principal, case_id)


@router.post("/cases/{case_id}/assign", status_code=204)
def assign(
    case_id: int,
    body: AssignIn,
    principal: Principal = Depends(Allow(*APPEAL_REVIEWERS)),
    rt: Runtime = Depends(runtime),
) -> None:
    cases.assign_case(rt, principal, case_id, body.moderator)


@router.post("/cases/{case_id}/decide")
def decide(
    case_id: int,
    body: DecisionIn,
    principal: Principal = Depends(Allow(*DECIDERS)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """Decide with a statement of reasons; acts on the subject, strikes, notifies."""
    return jsonable_encoder(
        asdict(case_decisions.decide_case(rt, principal, case_id, body.command()))
    )


@router.post("/cases/{case_id}/reverse", status_code=204)
def reverse(
    case_id: int,
    body: ExplanationIn,
    principal: Principal = Depends(Allow(*APPEAL_REVIEWERS)),
    rt: Runtime = Depends(runtime),
) -> None:
    case_decisions.reverse_decision(rt, principal, case_id, body.explanation)


@router.post("/cases/{case_id}/escalate", status_code=204)
def escalate(
    case_id: int,
    body: EscalateIn,
    principal: Principal = Depends(Allow(*DECIDERS)),
    rt: Runtime = Depends(runtime),
) -> None:
    cases.escalate_to_partner(rt, principal, case_id, body.partner)


@router.post("/cases/{case_id}/consent", status_code=204)
def consent(
    case_id: int,
    body: ConsentIn,
    principal: Principal = Depends(Allow(Role.CREATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> None:
    cases.consent_to_escalation(rt, principal, case_id, body.consent)


@router.post("/cases/{case_id}/notes", status_code=201)
def add_note(
    case_id: int,
    body: NoteIn,
    principal: Principal = Depends(Allow(*DECIDERS, Role.POLICY_MANAGER, Role.PARTNER)),
    rt: Runtime = Depends(runtime),
) -> Any:
    note = appeals.add_note(
        rt, principal, case_id, body.text, internal=body.internal, appeal_id=body.appeal_id
    )
    return {"id": note}


@router.post("/cases/{case_id}/reveal")
def reveal(
    case_id: int,
    principal: Principal = Depends(Allow(*CASE_STAFF)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """Unblur the case's text; returns the caller's exposure count for the day."""
    return {"case_id": case_id, "exposure_today": cases.reveal_case(rt, principal, case_id)}


@router.get("/cases/{case_id}/history")
def history(
    case_id: int,
    principal: Principal = Depends(Allow(*CASE_STAFF)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """The case's audit events (hash-chained)."""
    return case_history.case_events(rt, principal, case_id)


@router.get("/cases/{case_id}/export")
def export(
    case_id: int,
    principal: Principal = Depends(Allow(*case_history.EXPORTERS)),
    rt: Runtime = Depends(runtime),
) -> Any:
    """Everything about the case, with its audit events."""
    return jsonable_encoder(case_history.export_case(rt, principal, case_id))
