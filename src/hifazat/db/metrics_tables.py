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
    PrimaryKeyConstraint,
    SmallInteger,
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
    latency_bucket: Mapped[int | None] = mapped_column(SmallInteger)
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


#: Count columns of the daily rollup, in order (``domain.metrics.Counts`` fields, flattened).
ROLLUP_COUNTS: tuple[str, ...] = (
    "processed",
    "actioned",
    "proactive",
    "before_view",
    "within_24h",
    "reports_received",
    "reports_resolved",
    "appeals",
    "overturned",
    "strikes",
    "a_allow",
    "a_hold",
    "a_hide",
    "a_remove",
    "a_restrict_author",
    "a_nudge",
    "a_escalate",
    "n_edited",
    "n_posted",
    "n_abandoned",
)


class EnforcementDaily(Base):
    """Counts per (day, region, policy, language), rebuilt from the facts of changed days.

    ``category`` is '' for items with no policy. Reports over any span read these rows, so
    their cost grows with days × regions × policies × languages, not with events."""

    __tablename__ = "enforcement_daily"
    __table_args__ = (PrimaryKeyConstraint("day", "region", "category", "language"),)
    day: Mapped[date] = mapped_column(Date)
    region: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    processed: Mapped[int] = mapped_column(Integer)
    actioned: Mapped[int] = mapped_column(Integer)
    proactive: Mapped[int] = mapped_column(Integer)
    before_view: Mapped[int] = mapped_column(Integer)
    within_24h: Mapped[int] = mapped_column(Integer)
    reports_received: Mapped[int] = mapped_column(Integer)
    reports_resolved: Mapped[int] = mapped_column(Integer)
    appeals: Mapped[int] = mapped_column(Integer)
    overturned: Mapped[int] = mapped_column(Integer)
    strikes: Mapped[int] = mapped_column(Integer)
    a_allow: Mapped[int] = mapped_column(Integer)
    a_hold: Mapped[int] = mapped_column(Integer)
    a_hide: Mapped[int] = mapped_column(Integer)
    a_remove: Mapped[int] = mapped_column(Integer)
    a_restrict_author: Mapped[int] = mapped_column(Integer)
    a_nudge: Mapped[int] = mapped_column(Integer)
    a_escalate: Mapped[int] = mapped_column(Integer)
    n_edited: Mapped[int] = mapped_column(Integer)
    n_posted: Mapped[int] = mapped_column(Integer)
    n_abandoned: Mapped[int] = mapped_column(Integer)


class LatencyDaily(Base):
    """Histogram of time from first report to action per (day, region, policy, language)."""

    __tablename__ = "enforcement_latency_daily"
    __table_args__ = (PrimaryKeyConstraint("day", "region", "category", "language", "bucket"),)
    day: Mapped[date] = mapped_column(Date)
    region: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    bucket: Mapped[int] = mapped_column(SmallInteger)
    items: Mapped[int] = mapped_column(Integer)


class StaleDay(Base):
    """A day whose facts changed since its rollup rows were built (rebuilt before reading)."""

    __tablename__ = "metrics_stale_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class MetricsSync(Base):
    """One row: up to when case activity (reports, decisions, appeals, strikes) was synced."""

    __tablename__ = "metrics_sync"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cases_synced_at: Mapped[datetime]
