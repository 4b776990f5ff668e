"""Tables behind the enforcement metrics: one fact row per processed item, safety-mode history.

``enforcement_facts`` keeps, for every item, its slice (region, language, policy, creator, day)
and what happened to it, with the per-item flags of ``domain.metrics.derive`` stored next to the
timestamps so the database can count them without date arithmetic. Rows are written by the
comment flow (one per decision), updated by views/reports/appeals, and bulk-written by the demo
history generator.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from hifazat.db.tables import PK, Base


class EnforcementFact(Base):
    __tablename__ = "enforcement_facts"
    __table_args__ = (
        Index("ix_enforcement_facts_day_region", "day", "region"),
        Index("ix_enforcement_facts_creator_day", "creator_id", "day"),
    )
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), unique=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"))
    region: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(8))
    category: Mapped[str | None] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(16))
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    actioned_at: Mapped[datetime | None]
    first_view_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]
    #: who reported first: ``user`` or ``creator`` (the creator the comment was on)
    reporter: Mapped[str | None] = mapped_column(String(8))
    reports: Mapped[int] = mapped_column(Integer, default=0)
    reports_resolved: Mapped[int] = mapped_column(Integer, default=0)
    appealed: Mapped[bool] = mapped_column(Boolean, default=False)
    overturned: Mapped[bool] = mapped_column(Boolean, default=False)
    strike: Mapped[bool] = mapped_column(Boolean, default=False)
    nudge: Mapped[str | None] = mapped_column(String(16))
    # derived (domain.metrics.derive), kept in step by every writer
    actioned: Mapped[bool] = mapped_column(Boolean, default=False)
    proactive: Mapped[bool] = mapped_column(Boolean, default=False)
    before_view: Mapped[bool] = mapped_column(Boolean, default=False)
    within_24h: Mapped[bool] = mapped_column(Boolean, default=False)
    seconds_report_to_action: Mapped[int | None] = mapped_column(Integer)
    #: live | demo | bench
    source: Mapped[str] = mapped_column(String(8), default="live")


class SafetyModePeriod(Base):
    """A stretch of time a creator had safety mode on (ended_at empty while it is on)."""

    __tablename__ = "safety_mode_periods"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    region: Mapped[str] = mapped_column(String(2))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(200))
