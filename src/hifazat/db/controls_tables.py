"""Tables for guidelines, platform rules, safety mode, nudges and bulk actions (issue: controls)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hifazat.db.tables import PK, Base


class GuidelineVersion(Base):
    """One saved version of the Community Guidelines (YAML); the newest is in force."""

    __tablename__ = "guideline_versions"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class RuleSetVersion(Base):
    """One saved version of the platform rules file (YAML); the newest is in force."""

    __tablename__ = "rule_set_versions"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)
    rule_count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class SafetyShield(Base):
    """Safety mode for one creator: offered on a pile-on, switched on, expires by itself.

    (metrics_tables.SafetyModePeriod is the metrics fact written alongside when it starts.)"""

    __tablename__ = "safety_shields"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # offered | active | declined | ended
    trigger: Mapped[dict[str, Any]]  # what the spike looked like (counts, phrases)
    muted_phrases: Mapped[list[Any]]
    automatic: Mapped[bool] = mapped_column(Boolean)
    offered_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    held_count: Mapped[int] = mapped_column(Integer, default=0)


class ShieldHold(Base):
    """A comment held by safety mode, so the period can say what it held."""

    __tablename__ = "shield_holds"
    shield_id: Mapped[int] = mapped_column(ForeignKey("safety_shields.id"), primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), primary_key=True)


class Nudge(Base):
    """A 'reconsider?' prompt asked for before a comment was published, and what followed."""

    __tablename__ = "nudges"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("creators.id"), index=True)
    author_ref: Mapped[str | None] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(8))
    shown: Mapped[bool] = mapped_column(Boolean)
    policy_id: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    guideline_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    outcome: Mapped[str | None] = mapped_column(String(16))  # edited | posted | abandoned
    outcome_at: Mapped[datetime | None]
    outcome_score: Mapped[float | None] = mapped_column(Float)


class BulkAction(Base):
    """A creator's action on many comments or commenters at once, kept so it can be undone."""

    __tablename__ = "bulk_actions"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any]]  # comment statuses and list entries before the action
    created_at: Mapped[datetime]
    undone_at: Mapped[datetime | None]
    undone_by: Mapped[str | None] = mapped_column(String(200))


Index("ix_nudges_created", Nudge.created_at)
