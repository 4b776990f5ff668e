"""Focus-group sessions: agenda, participants with consent, a moderated brainstorm (ideas,
clusters, NGT rankings, dot votes), notes, and an export of the whole session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.feedback_tables import (
    FocusGroupCluster,
    FocusGroupIdea,
    FocusGroupNote,
    FocusGroupParticipant,
    FocusGroupSession,
    FocusGroupVote,
)
from hifazat.domain import focus_groups as fg
from hifazat.domain.access import Principal
from hifazat.domain.textcheck import text_problem
from hifazat.errors import InvalidInput, NoParticipantConsent, NotFound
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.creators import creator_by_handle
from hifazat.services.runtime import Runtime
from hifazat.services.surveys import FEEDBACK_ROLES, RESULT_READERS

SEGMENTS = (
    "lifestyle",
    "artist",
    "cook",
    "comedian",
    "educator",
    "activist",
    "storyteller",
    "other",
)
IDEA_KINDS = ("idea", "used_today", "seen_elsewhere")
#: The Lahore day as blocks (research note §5.1), used when a session gives no agenda.
DEFAULT_AGENDA: tuple[dict[str, Any], ...] = (
    {"block": "consent", "minutes": 10, "title": "Consent, ground rules, helpline card"},
    {"block": "pre_survey", "minutes": 15, "title": "Pre-survey"},
    {"block": "training", "minutes": 40, "title": "Partner training: safety tools and helplines"},
    {"block": "tool_feedback", "minutes": 30, "title": "Tool feedback round"},
    {"block": "brainstorm", "minutes": 45, "title": "Brainstorm on personalised safety support"},
    {"block": "benchmark", "minutes": 40, "title": "Resources used today vs other platforms"},
    {"block": "post_survey", "minutes": 15, "title": "Post-survey and close"},
)
DOTS_PER_PERSON = 3
MAX_RANKED = 7


def _language(text: str) -> str:
    from hifazat.domain.text.language import identify

    return identify(text)


def _clean_text(text: str, limit: int = 2000) -> str:
    problem = text_problem(text, limit)
    if problem:
        raise InvalidInput(problem)
    text = text.strip()
    if not text:
        raise InvalidInput("text is empty")
    return text


def session_row(s: Session, session_id: int) -> FocusGroupSession:
    row = s.get(FocusGroupSession, session_id)
    if row is None:
        raise NotFound(f"no focus-group session {session_id}")
    return row


def _log(s: Session, rt: Runtime, p: Principal, action: str, session_id: int, **data: Any) -> None:
    audit.append(
        s,
        at=rt.now(),
        actor=p.actor,
        action=action,
        subject_type="focus_group",
        subject_id=session_id,
        data=data,
    )


@dataclass(frozen=True)
class NewSession:
    title: str
    city: str
    region: str
    held_on: str
    facilitator: str
    question: str
    partner_org: str | None = None
    agenda: tuple[dict[str, Any], ...] = DEFAULT_AGENDA


def create_session(rt: Runtime, principal: Principal, new: NewSession) -> FocusGroupSession:
    require(principal, *FEEDBACK_ROLES)
    with rt.transaction() as s:
        row = FocusGroupSession(
            title=_clean_text(new.title, 200),
            city=new.city,
            region=new.region.upper(),
            held_on=new.held_on,
            facilitator=new.facilitator,
            partner_org=new.partner_org,
            question=_clean_text(new.question),
            agenda=[dict(b) for b in new.agenda],
            created_at=rt.now(),
        )
        s.add(row)
        s.flush()
        _log(s, rt, principal, "focus_group.created", row.id, city=new.city)
    return row


def list_sessions(rt: Runtime, principal: Principal) -> list[FocusGroupSession]:
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        return list(s.scalars(select(FocusGroupSession).order_by(FocusGroupSession.id.desc())))


def add_participant(
    rt: Runtime,
    principal: Principal,
    session_id: int,
    pid: str,
    segment: str,
    *,
    consent: bool,
    link_creator: str | None = None,
    consent_to_link: bool = False,
    languages: Sequence[str] = (),
) -> FocusGroupParticipant:
    """Register a participant by pseudonym. No consent, no participation; the creator account
    is linked only with its own consent."""
    require(principal, *FEEDBACK_ROLES)
    if not consent:
        raise NoParticipantConsent(f"{pid} has not consented to take part")
    if segment not in SEGMENTS:
        raise InvalidInput(f"segment must be one of {', '.join(SEGMENTS)}")
    now = rt.now()
    with rt.transaction() as s:
        session_row(s, session_id)
        creator_id = None
        if link_creator:
            if not consent_to_link:
                raise NoParticipantConsent(f"{pid} has not consented to linking their account")
            creator_id = creator_by_handle(s, link_creator).id
        if s.scalar(
            select(FocusGroupParticipant.id).where(
                FocusGroupParticipant.session_id == session_id, FocusGroupParticipant.pid == pid
            )
        ):
            raise InvalidInput(f"participant {pid} is already registered")
        row = FocusGroupParticipant(
            session_id=session_id,
            pid=pid,
            segment=segment,
            creator_id=creator_id,
            consent={"participate": True, "link": creator_id is not None, "at": now.isoformat()},
            languages=list(languages),
            created_at=now,
        )
        s.add(row)
        s.flush()
        _log(s, rt, principal, "focus_group.participant_added", session_id, segment=segment)
    return row


def _participant(s: Session, session_id: int, pid: str) -> FocusGroupParticipant:
    row = s.scalar(
        select(FocusGroupParticipant).where(
            FocusGroupParticipant.session_id == session_id, FocusGroupParticipant.pid == pid
        )
    )
    if row is None:
        raise NotFound(f"no participant {pid!r} in session {session_id}")
    return row


def capture_idea(
    rt: Runtime,
    principal: Principal,
    session_id: int,
    text: str,
    *,
    kind: str = "idea",
    author_pid: str | None = None,
) -> FocusGroupIdea:
    """Record an idea verbatim (any language). Without ``author_pid`` it is anonymous, as NGT
    asks; the author is kept only when the facilitator records it deliberately."""
    require(principal, *FEEDBACK_ROLES)
    if kind not in IDEA_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(IDEA_KINDS)}")
    text = _clean_text(text)
    with rt.transaction() as s:
        session_row(s, session_id)
        author = _participant(s, session_id, author_pid).id if author_pid else None
        row = FocusGroupIdea(
            session_id=session_id,
            text=text,
            language=_language(text),
            kind=kind,
            author_id=author,
            cluster_id=None,
            created_at=rt.now(),
        )
        s.add(row)
        s.flush()
        _log(s, rt, principal, "focus_group.idea_captured", session_id, idea=row.id, kind=kind)
    return row


def create_cluster(
    rt: Runtime, principal: Principal, session_id: int, label: str
) -> FocusGroupCluster:
    require(principal, *FEEDBACK_ROLES)
    with rt.transaction() as s:
        session_row(s, session_id)
        row = FocusGroupCluster(
            session_id=session_id, label=_clean_text(label, 200), created_at=rt.now()
        )
        s.add(row)
        s.flush()
        _log(s, rt, principal, "focus_group.cluster_created", session_id, cluster=row.id)
    return row


def move_idea(
    rt: Runtime, principal: Principal, session_id: int, idea_id: int, cluster_id: int | None
) -> FocusGroupIdea:
    """Put an idea into a cluster (or take it out with ``None``)."""
    require(principal, *FEEDBACK_ROLES)
    with rt.transaction() as s:
        idea = s.get(FocusGroupIdea, idea_id)
        if idea is None or idea.session_id != session_id:
            raise NotFound(f"no idea {idea_id} in session {session_id}")
        if cluster_id is not None:
            cluster = s.get(FocusGroupCluster, cluster_id)
            if cluster is None or cluster.session_id != session_id:
                raise NotFound(f"no cluster {cluster_id} in session {session_id}")
        before = idea.cluster_id
        idea.cluster_id = cluster_id
        _log(
            s,
            rt,
            principal,
            "focus_group.idea_moved",
            session_id,
            idea=idea_id,
            before=before,
            after=cluster_id,
        )
    return idea


def suggest_clusters(
    rt: Runtime, principal: Principal, session_id: int, threshold: float = 0.3
) -> list[tuple[str, list[int]]]:
    """Suggested groups of the ideas not yet in a cluster: (label, idea ids), size ≥ 2."""
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        session_row(s, session_id)
        ideas = list(
            s.scalars(
                select(FocusGroupIdea)
                .where(FocusGroupIdea.session_id == session_id, FocusGroupIdea.cluster_id.is_(None))
                .order_by(FocusGroupIdea.id)
            )
        )
    groups = fg.suggest_clusters([i.text for i in ideas], threshold)
    return [(g.label, [ideas[m].id for m in g.members]) for g in groups if len(g.members) >= 2]


def apply_suggestions(
    rt: Runtime, principal: Principal, session_id: int, threshold: float = 0.3
) -> list[FocusGroupCluster]:
    """Create a cluster per suggestion and move its ideas in (the facilitator can move them on)."""
    require(principal, *FEEDBACK_ROLES)
    suggestions = suggest_clusters(rt, principal, session_id, threshold)
    created = []
    with rt.transaction() as s:
        for label, idea_ids in suggestions:
            cluster = FocusGroupCluster(
                session_id=session_id, label=label[:200], created_at=rt.now()
            )
            s.add(cluster)
            s.flush()
            for idea in s.scalars(select(FocusGroupIdea).where(FocusGroupIdea.id.in_(idea_ids))):
                idea.cluster_id = cluster.id
            created.append(cluster)
        _log(s, rt, principal, "focus_group.clusters_applied", session_id, clusters=len(created))
    return created


def record_ranking(
    rt: Runtime,
    principal: Principal,
    session_id: int,
    pid: str,
    idea_ids: Sequence[int],
    round_: int = 1,
) -> FocusGroupVote:
    """A participant's private NGT ranking (most important first); replaces their earlier one
    for the same round."""
    require(principal, *FEEDBACK_ROLES)
    problem = fg.validate_ranking([str(i) for i in idea_ids], MAX_RANKED)
    if problem:
        raise InvalidInput(problem)
    return _vote(rt, principal, session_id, pid, "ranking", list(idea_ids), round_, FocusGroupIdea)


def record_dots(
    rt: Runtime,
    principal: Principal,
    session_id: int,
    pid: str,
    cluster_ids: Sequence[int],
    round_: int = 1,
) -> FocusGroupVote:
    """Dot votes on clusters: everyone has the same number of dots (may stack them)."""
    require(principal, *FEEDBACK_ROLES)
    if not cluster_ids or len(cluster_ids) > DOTS_PER_PERSON:
        raise InvalidInput(f"use between 1 and {DOTS_PER_PERSON} dots")
    return _vote(
        rt, principal, session_id, pid, "dots", list(cluster_ids), round_, FocusGroupCluster
    )


def _vote(
    rt: Runtime,
    principal: Principal,
    session_id: int,
    pid: str,
    kind: str,
    choices: list[int],
    round_: int,
    target: type[FocusGroupIdea] | type[FocusGroupCluster],
) -> FocusGroupVote:
    if round_ not in {1, 2}:
        raise InvalidInput("round is 1 (preliminary) or 2 (final)")
    with rt.transaction() as s:
        session_row(s, session_id)
        participant = _participant(s, session_id, pid)
        for cid in set(choices):
            obj = s.get(target, cid)
            if obj is None or getattr(obj, "session_id", None) != session_id:
                raise NotFound(f"no {target.__tablename__[12:-1]} {cid} in session {session_id}")
        vote = s.scalar(
            select(FocusGroupVote).where(
                FocusGroupVote.participant_id == participant.id,
                FocusGroupVote.kind == kind,
                FocusGroupVote.round == round_,
            )
        )
        if vote is None:
            vote = FocusGroupVote(
                session_id=session_id,
                participant_id=participant.id,
                kind=kind,
                round=round_,
                choices=[],
                created_at=rt.now(),
            )
            s.add(vote)
        vote.choices = choices
        vote.created_at = rt.now()
        s.flush()
        _log(
            s,
            rt,
            principal,
            f"focus_group.{kind}_recorded",
            session_id,
            round=round_,
            choices=len(choices),
        )
    return vote


def add_note(
    rt: Runtime, principal: Principal, session_id: int, block: str, text: str
) -> FocusGroupNote:
    require(principal, *FEEDBACK_ROLES)
    with rt.transaction() as s:
        session_row(s, session_id)
        row = FocusGroupNote(
            session_id=session_id, block=block[:64], text=_clean_text(text), created_at=rt.now()
        )
        s.add(row)
        s.flush()
        _log(s, rt, principal, "focus_group.note_added", session_id, block=block)
    return row
