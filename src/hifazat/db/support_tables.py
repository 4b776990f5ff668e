"""Tables for support: partner organisations, safety plans, evidence packs, escalations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hifazat.db.tables import PK, Base


class PartnerOrg(Base):
    """A partner organisation (digital-rights helpline) that can receive escalations."""

    __tablename__ = "partner_orgs"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(3))
    helpline_id: Mapped[str | None] = mapped_column(String(64))
    sla_hours: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class SafetyPlan(Base):
    __tablename__ = "safety_plans"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    profile: Mapped[dict[str, Any]]
    risk_level: Mapped[str] = mapped_column(String(16))
    risk_score: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    checkup_at: Mapped[datetime]


class SafetyRecommendation(Base):
    """One ranked recommendation of a plan, and whether the creator adopted it."""

    __tablename__ = "safety_recommendations"
    __table_args__ = (UniqueConstraint("plan_id", "rec_id"),)
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plans.id"), index=True)
    rec_id: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    params: Mapped[dict[str, Any]]
    action: Mapped[dict[str, Any] | None]
    guide: Mapped[str | None] = mapped_column(String(64))
    helpline_issue: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # pending | applied | done | dismissed
    updated_at: Mapped[datetime]


class EvidencePack(Base):
    __tablename__ = "evidence_packs"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    bundle: Mapped[dict[str, Any]]
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    item_count: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class EvidenceCustody(Base):
    """Chain of custody of one pack: hash-chained entries, append-only."""

    __tablename__ = "evidence_custody"
    __table_args__ = (UniqueConstraint("pack_id", "seq"),)
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_packs.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Escalation(Base):
    """A creator's case shared, with consent, with a partner organisation."""

    __tablename__ = "escalations"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    partner_id: Mapped[str] = mapped_column(ForeignKey("partner_orgs.id"), index=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_packs.id"))
    case_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    consent_text: Mapped[str] = mapped_column(Text)
    consent_by: Mapped[str] = mapped_column(String(200))
    consent_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(32))
    first_response_due: Mapped[datetime]
    first_response_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EscalationUpdate(Base):
    """A status change or note on an escalation; the creator sees every one."""

    __tablename__ = "escalation_updates"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
