"""Streaming ingestion: one row per event ever processed (the idempotency key), webhooks and
their deliveries (an outbox written in the same transaction as the decision)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hifazat.db.tables import PK, Base


class ProcessedEvent(Base):
    """An event id seen once. A redelivered event finds its row here and changes nothing."""

    __tablename__ = "processed_events"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(128), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # decided | recorded | rejected
    creator: Mapped[str | None] = mapped_column(String(64))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    error_code: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]]
    published_at: Mapped[datetime | None]
    processed_at: Mapped[datetime]


class Webhook(Base):
    """An integrator's endpoint that receives every decision, signed with its secret."""

    __tablename__ = "webhooks"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(String(1000))
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class WebhookDelivery(Base):
    """One decision for one webhook: pending until delivered, or dead after N failures."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("webhook_id", "event_id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id"))
    event_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))  # pending | delivered | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
