"""Reports, cases, decisions by moderators, appeals, strikes, restrictions, notices, queues."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hifazat.db.tables import PK, Base


class Case(Base):
    """The unit a moderator works: one subject, its reports, decisions and appeals."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    subject_type: Mapped[str] = mapped_column(String(16))  # comment | content | account
    subject_ref: Mapped[str] = mapped_column(String(128))
    #: "type:ref" while the case is open, else NULL: at most one open case per subject.
    open_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("creators.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # report | automated
    category: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))
    severity: Mapped[int] = mapped_column(Integer)
    lane: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(2))
    reach: Mapped[int] = mapped_column(Integer, default=0)
    risk: Mapped[int] = mapped_column(Integer, default=0)
    rank: Mapped[float] = mapped_column(Float)
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    trusted_flagger: Mapped[bool] = mapped_column(Boolean, default=False)
    automated_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    excerpt: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime]
    due_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None]
    partner: Mapped[str | None] = mapped_column(String(128), index=True)
    partner_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


#: Queue pages: open cases of one lane by priority (rank) — the index serves ORDER BY + LIMIT.
Index("ix_cases_queue", Case.status, Case.lane, Case.rank, Case.id)
Index("ix_cases_subject", Case.subject_type, Case.subject_ref)


class Report(Base):
    """One person's flag on a subject. Many reports fold into one case."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    #: Who filed it (the principal's actor) and who the reporter is (an account id, a creator).
    filed_by: Mapped[str] = mapped_column(String(200), index=True)
    reporter: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[str | None] = mapped_column(String(200))
    trusted_flagger: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class ModeratorDecision(Base):
    """A decision on a case, with its statement of reasons and what it did (for reversal)."""

    __tablename__ = "case_decisions"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(32))
    policy_version: Mapped[str] = mapped_column(String(32))
    explanation: Mapped[str] = mapped_column(Text)
    automated: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[str] = mapped_column(String(200))
    statement: Mapped[dict[str, Any]]
    effects: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(index=True)
    reversed_at: Mapped[datetime | None]
    reversed_by: Mapped[str | None] = mapped_column(String(200))


class Appeal(Base):
    __tablename__ = "appeals"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("case_decisions.id"))
    appellant: Mapped[str] = mapped_column(String(200))
    filed_by: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)  # open | upheld | overturned
    filed_at: Mapped[datetime]
    due_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    explanation: Mapped[str | None] = mapped_column(Text)


class CaseNote(Base):
    """A note in a case or appeal thread; internal notes are shown to staff only."""

    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"))
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Strike(Base):
    __tablename__ = "strikes"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("case_decisions.id"), index=True)
    category: Mapped[str | None] = mapped_column(String(32))
    points: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AccountRestriction(Base):
    """A period in which an account may not comment (restrict) or is suspended."""

    __tablename__ = "account_restrictions"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    cause: Mapped[str] = mapped_column(String(32))  # decision | strikes
    decision_id: Mapped[int] = mapped_column(ForeignKey("case_decisions.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]


class Notice(Base):
    """A message to an affected account, a reporter or a creator about a case."""

    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class SavedQueue(Base):
    """A queue is a saved filter over open cases: lane, language, region, category."""

    __tablename__ = "saved_queues"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    filters: Mapped[dict[str, Any]]
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class ModeratorExposure(Base):
    """One row per abusive text a moderator revealed on a day (their exposure count)."""

    __tablename__ = "moderator_exposures"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    moderator: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime]


Index(
    "ix_moderator_exposures_once",
    ModeratorExposure.moderator,
    ModeratorExposure.day,
    ModeratorExposure.case_id,
    unique=True,
)
