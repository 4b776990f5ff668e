"""Nudge before posting: advise, record what the commenter did, measure the effect."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from hifazat.db.controls_tables import Nudge
from hifazat.domain.access import Principal, Role
from hifazat.domain.nudge import OUTCOMES, advise
from hifazat.domain.textcheck import text_problem
from hifazat.errors import Conflict, InvalidInput, InvalidText, NotFound
from hifazat.services import audit, guidelines
from hifazat.services.authz import require
from hifazat.services.creators import creator_by_handle
from hifazat.services.runtime import Runtime

CALLERS = (Role.INTEGRATOR, Role.ADMIN)


@dataclass(frozen=True)
class NudgeRequest:
    text: str
    creator: str | None = None
    author_id: str | None = None


def _check(rt: Runtime, text: str) -> None:
    problem = text_problem(text, rt.settings.max_text_chars)
    if problem:
        raise InvalidText(problem)


def nudge(rt: Runtime, principal: Principal, req: NudgeRequest) -> dict[str, Any]:
    """Should the platform show "reconsider?" before publishing this text? Records the prompt
    (not the text) so its effect can be measured; returns a token for the outcome."""
    require(principal, *CALLERS)
    _check(rt, req.text)
    signal = rt.detector.detect(req.text)
    now = rt.now()
    with rt.transaction() as s:
        g = guidelines.current(s)
        advice = advise(signal, g, rt.settings.threshold_map(), rt.settings.nudge_margin)
        creator_id = creator_by_handle(s, req.creator).id if req.creator else None
        row = Nudge(
            token=f"nudge_{secrets.token_urlsafe(18)}",
            creator_id=creator_id,
            author_ref=req.author_id,
            language=signal.language,
            shown=advice.show,
            policy_id=advice.policy.id if advice.policy else None,
            score=advice.score,
            guideline_version=g.version,
            created_at=now,
        )
        s.add(row)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="nudge.advised",
            subject_type="nudge",
            subject_id=row.id,
            data={"shown": advice.show, "policy": row.policy_id},
        )
        return {"token": row.token, "guideline_version": g.version, **advice.as_dict()}


def record_outcome(
    rt: Runtime, principal: Principal, token: str, outcome: str, edited_text: str | None = None
) -> dict[str, Any]:
    """What the commenter did after the prompt: edited, posted (anyway) or abandoned."""
    require(principal, *CALLERS)
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome must be one of {', '.join(OUTCOMES)}")
    score = None
    if outcome == "edited" and edited_text is not None:
        _check(rt, edited_text)
        score = rt.detector.detect(edited_text).score
    now = rt.now()
    with rt.transaction() as s:
        row = s.scalar(select(Nudge).where(Nudge.token == token))
        if row is None:
            raise NotFound("no such nudge")
        if row.outcome is not None:
            raise Conflict(f"the outcome was already recorded ({row.outcome})")
        row.outcome = outcome
        row.outcome_at = now
        row.outcome_score = score
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="nudge.outcome",
            subject_type="nudge",
            subject_id=row.id,
            data={"outcome": outcome},
        )
        return {"token": token, "outcome": outcome, "score_before": row.score, "score_after": score}


def stats(rt: Runtime, principal: Principal, days: float = 30) -> dict[str, Any]:
    """How often the nudge was shown and what commenters did: the effect to measure."""
    require(principal, Role.ADMIN, Role.POLICY_MANAGER, Role.ANALYST)
    since = rt.now() - timedelta(days=days)
    with rt.read() as s:
        rows = s.execute(
            select(Nudge.shown, Nudge.outcome, func.count(), func.avg(Nudge.outcome_score))
            .where(Nudge.created_at >= since)
            .group_by(Nudge.shown, Nudge.outcome)
        ).all()
    shown = dict.fromkeys((*OUTCOMES, "unknown"), 0)
    asked = not_shown = 0
    for was_shown, outcome, n, _avg in rows:
        asked += n
        if was_shown:
            shown[outcome or "unknown"] += n
        else:
            not_shown += n
    total_shown = sum(shown.values())
    answered = total_shown - shown["unknown"]
    return {
        "days": days,
        "asked": asked,
        "shown": total_shown,
        "not_shown": not_shown,
        "outcomes": shown,
        "reconsidered_rate": round((shown["edited"] + shown["abandoned"]) / answered, 4)
        if answered
        else None,
    }
