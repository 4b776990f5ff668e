"""Tables. Schema changes go only through Alembic (db/migrations); ``alembic check``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JsonType = JSON().with_variant(JSONB(), "postgresql")
PK = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JsonType,
        list[Any]: JsonType,
        datetime: UtcDateTime(),
    }


class Account(Base):
    """Anyone who comments or reports, as known to the platform."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    handle: Mapped[str | None] = mapped_column(String(128))
    region: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime | None]  # on the platform, when the integrator tells us
    first_seen_at: Mapped[datetime]


class Creator(Base):
    __tablename__ = "creators"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    handle: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    niche: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str] = mapped_column(String(2))
    languages: Mapped[list[Any]] = mapped_column(default=list)
    audience_size: Mapped[int] = mapped_column(Integer, default=0)
    bio: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]


class Content(Base):
    """A creator's post (video, reel, article...)."""

    __tablename__ = "content"
    __table_args__ = (UniqueConstraint("creator_id", "external_id"),)
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime]


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_creator_received", "creator_id", "received_at"),)
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(128), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(128), index=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"))
    content_id: Mapped[int | None] = mapped_column(ForeignKey("content.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16))  # visible | held | hidden | removed
    created_at: Mapped[datetime]
    received_at: Mapped[datetime]


class Decision(Base):
    """The outcome for one item, with its statement of reasons."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    automated: Mapped[bool] = mapped_column(Boolean)
    decided_by: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[dict[str, Any]]
    signal: Mapped[dict[str, Any]]
    guideline_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class CreatorControls(Base):
    """A creator's own settings (keyword list and, later, filter levels and safety mode)."""

    __tablename__ = "creator_controls"
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), primary_key=True)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    subjects: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class User(Base):
    """Someone who signs in to the web UI."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    subjects: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]


class AuditEvent(Base):
    """Append-only, hash-chained record of every state change."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(128))
    data: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the chain's tip. Locked while appending so the chain stays linear."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


Index("ix_audit_events_subject", AuditEvent.subject_type, AuditEvent.subject_id)
