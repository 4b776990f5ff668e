"""Reading a focus-group session: the facilitator's board (ideas, clusters, votes, tallies) and
the export of a whole session. Writing lives in :mod:`hifazat.services.focus_groups`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.feedback_tables import (
    FocusGroupCluster,
    FocusGroupIdea,
    FocusGroupNote,
    FocusGroupParticipant,
    FocusGroupSession,
    FocusGroupVote,
    SurveyCampaign,
)
from hifazat.domain import focus_groups as fg
from hifazat.domain.access import Principal
from hifazat.services.authz import require
from hifazat.services.focus_groups import DOTS_PER_PERSON, session_row
from hifazat.services.runtime import Runtime
from hifazat.services.surveys import RESULT_READERS


@dataclass(frozen=True)
class Board:
    session: FocusGroupSession
    participants: list[FocusGroupParticipant]
    ideas: list[FocusGroupIdea]
    clusters: list[FocusGroupCluster]
    notes: list[FocusGroupNote]
    campaigns: list[SurveyCampaign]
    idea_scores: list[fg.IdeaScore]
    dot_counts: dict[str, int]
    rankings_round: int


_T = TypeVar("_T")


def _rows(s: Session, model: type[_T], session_id: int, order: Any) -> list[_T]:
    """One session's rows of ``model`` (a table with a ``session_id``), ordered by ``order``."""
    column = model.session_id  # type: ignore[attr-defined]
    return list(s.scalars(select(model).where(column == session_id).order_by(order)))


def board(rt: Runtime, principal: Principal, session_id: int) -> Board:
    """Everything the facilitator view and the report need, with the vote tallies.
    Tallies use the final round where one exists, else the preliminary round."""
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        session = session_row(s, session_id)
        participants = _rows(s, FocusGroupParticipant, session_id, FocusGroupParticipant.pid)
        ideas = _rows(s, FocusGroupIdea, session_id, FocusGroupIdea.id)
        clusters = _rows(s, FocusGroupCluster, session_id, FocusGroupCluster.id)
        notes = _rows(s, FocusGroupNote, session_id, FocusGroupNote.id)
        votes = _rows(s, FocusGroupVote, session_id, FocusGroupVote.id)
        campaigns = list(
            s.scalars(
                select(SurveyCampaign)
                .where(SurveyCampaign.session_id == session_id)
                .order_by(SurveyCampaign.id)
            )
        )
    pid_of = {p.id: p.pid for p in participants}
    ranking_rounds = {v.round for v in votes if v.kind == "ranking"}
    rround = max(ranking_rounds) if ranking_rounds else 1
    rankings = [
        fg.Ranking(pid_of.get(v.participant_id, "?"), tuple(str(c) for c in v.choices))
        for v in votes
        if v.kind == "ranking" and v.round == rround
    ]
    dot_rounds = {v.round for v in votes if v.kind == "dots"}
    dround = max(dot_rounds) if dot_rounds else 1
    dots = {
        pid_of.get(v.participant_id, "?"): [str(c) for c in v.choices]
        for v in votes
        if v.kind == "dots" and v.round == dround
    }
    return Board(
        session,
        participants,
        ideas,
        clusters,
        notes,
        campaigns,
        fg.tally_rankings(rankings),
        fg.tally_dots(dots, DOTS_PER_PERSON),
        rround,
    )


def export_session(rt: Runtime, principal: Principal, session_id: int) -> dict[str, Any]:
    """The whole session in the research note's capture schema (pseudonymous; NGT ideas are
    exported without authors)."""
    b = board(rt, principal, session_id)
    from hifazat.services.surveys import responses

    survey_rows = []
    for c in b.campaigns:
        for r in responses(rt, principal, c.id):
            survey_rows.append(
                {
                    "respondent": r.respondent,
                    "wave": c.wave,
                    "campaign": c.id,
                    "status": r.status,
                    "segment": r.segment,
                    "answers": r.answers,
                    "scores": r.scores,
                }
            )
    cluster_label = {c.id: c.label for c in b.clusters}
    return {
        "session": {
            "id": b.session.id,
            "title": b.session.title,
            "date": b.session.held_on,
            "city": b.session.city,
            "region": b.session.region,
            "facilitator": b.session.facilitator,
            "partner_org": b.session.partner_org,
            "question": b.session.question,
            "agenda": b.session.agenda,
            "n_participants": len(b.participants),
        },
        "participants": [
            {
                "pid": p.pid,
                "segment": p.segment,
                "languages": p.languages,
                "linked_account": p.creator_id is not None,
            }
            for p in b.participants
        ],
        "ideas": [
            {
                "idea_id": i.id,
                "text_original": i.text,
                "language": i.language,
                "kind": i.kind,
                "cluster_id": i.cluster_id,
                "author_pid": None,
            }
            for i in b.ideas
        ],
        "clusters": [
            {"cluster_id": c.id, "label": c.label, "dot_votes": b.dot_counts.get(str(c.id), 0)}
            for c in b.clusters
        ],
        "ngt_scores": [
            {
                "idea_id": int(sc.idea),
                "rankers": sc.rankers,
                "points": sc.points,
                "median_rank": sc.median_rank,
            }
            for sc in b.idea_scores
        ],
        "notes": [{"block": n.block, "text": n.text} for n in b.notes],
        "survey_pre_post": survey_rows,
        "cluster_labels": cluster_label,
    }
