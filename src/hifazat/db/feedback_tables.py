"""Tables for surveys, focus-group sessions and the platform benchmark (migration 0006)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hifazat.db.tables import PK, Base


class SurveyInstrument(Base):
    """One version of an instrument; its definition is the parsed file, frozen at install."""

    __tablename__ = "survey_instruments"
    __table_args__ = (UniqueConstraint("key", "version"),)
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, Any]]
    definition: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class FocusGroupSession(Base):
    __tablename__ = "focus_group_sessions"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(2))
    held_on: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD
    facilitator: Mapped[str] = mapped_column(String(200))
    partner_org: Mapped[str | None] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)  # the brainstorm's one focused question
    agenda: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]


class SurveyCampaign(Base):
    """A distribution of one instrument: an open link, or personal links (invitations)."""

    __tablename__ = "survey_campaigns"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("survey_instruments.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("focus_group_sessions.id"))
    name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(16))  # open | personal
    anonymous: Mapped[bool] = mapped_column(Boolean)
    open_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    region: Mapped[str] = mapped_column(String(2))
    period: Mapped[str] = mapped_column(String(16))  # e.g. 2026-10 (joins with metrics)
    wave: Mapped[str | None] = mapped_column(String(16))  # pre | post
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class FocusGroupParticipant(Base):
    __tablename__ = "focus_group_participants"
    __table_args__ = (UniqueConstraint("session_id", "pid"),)
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("focus_group_sessions.id"), index=True)
    pid: Mapped[str] = mapped_column(String(32))  # pseudonym used in the room
    segment: Mapped[str] = mapped_column(String(32))
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("creators.id"))
    consent: Mapped[dict[str, Any]]  # {"participate": bool, "link_responses": bool, "at": iso}
    languages: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]


class SurveyInvitation(Base):
    """A personal link. Linked to a creator only when they consented to it."""

    __tablename__ = "survey_invitations"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("survey_campaigns.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("focus_group_participants.id"))
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("creators.id"))
    segment: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("survey_campaigns.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("survey_invitations.id"))
    resume_token: Mapped[str] = mapped_column(String(64), unique=True)
    respondent: Mapped[str | None] = mapped_column(String(64))  # pseudonym for pairing pre/post
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("creators.id"))
    segment: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))  # partial | complete
    answers: Mapped[dict[str, Any]]
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]


class FocusGroupCluster(Base):
    __tablename__ = "focus_group_clusters"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("focus_group_sessions.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class FocusGroupIdea(Base):
    __tablename__ = "focus_group_ideas"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("focus_group_sessions.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))  # idea | used_today | seen_elsewhere
    author_id: Mapped[int | None] = mapped_column(ForeignKey("focus_group_participants.id"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("focus_group_clusters.id"))
    created_at: Mapped[datetime]


class FocusGroupVote(Base):
    """An NGT ranking (ordered idea ids) or a set of dot votes (cluster ids), one per round."""

    __tablename__ = "focus_group_votes"
    __table_args__ = (UniqueConstraint("participant_id", "kind", "round"),)
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("focus_group_sessions.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("focus_group_participants.id"))
    kind: Mapped[str] = mapped_column(String(16))  # ranking | dots
    round: Mapped[int] = mapped_column(Integer)  # 1 preliminary, 2 final
    choices: Mapped[list[Any]]
    created_at: Mapped[datetime]


class FocusGroupNote(Base):
    __tablename__ = "focus_group_notes"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("focus_group_sessions.id"), index=True)
    block: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class BenchmarkCell(Base):
    """The operator's own platform column of the feature matrix."""

    __tablename__ = "benchmark_cells"
    feature: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
