"""metrics: views, nudges and safety-mode history

Revision ID: 0004_metrics
Revises: 0003_reports_cases
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


revision: str = "0004_metrics"
down_revision: str | None = "0003_reports_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enforcement_facts",
        sa.Column("id", PK, autoincrement=True, nullable=False),
        sa.Column("comment_id", PK, nullable=True),
        sa.Column("creator_id", PK, nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("actioned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_view_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reporter", sa.String(length=8), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("reports_resolved", sa.Integer(), nullable=False),
        sa.Column("appealed", sa.Boolean(), nullable=False),
        sa.Column("overturned", sa.Boolean(), nullable=False),
        sa.Column("strike", sa.Boolean(), nullable=False),
        sa.Column("nudge", sa.String(length=16), nullable=True),
        sa.Column("actioned", sa.Boolean(), nullable=False),
        sa.Column("proactive", sa.Boolean(), nullable=False),
        sa.Column("before_view", sa.Boolean(), nullable=False),
        sa.Column("within_24h", sa.Boolean(), nullable=False),
        sa.Column("seconds_report_to_action", sa.Integer(), nullable=True),
        sa.Column("latency_bucket", sa.SmallInteger(), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_enforcement_facts_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_enforcement_facts_creator_id_creators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enforcement_facts")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_enforcement_facts_comment_id")),
    )
    op.create_index(
        "ix_enforcement_facts_day_region", "enforcement_facts", ["day", "region"], unique=False
    )
    op.create_index(
        "ix_enforcement_facts_creator_day", "enforcement_facts", ["creator_id", "day"], unique=False
    )
    op.create_table(
        "safety_mode_periods",
        sa.Column("id", PK, autoincrement=True, nullable=False),
        sa.Column("creator_id", PK, nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_safety_mode_periods_creator_id_creators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_mode_periods")),
    )
    op.create_index(
        op.f("ix_safety_mode_periods_creator_id"), "safety_mode_periods", ["creator_id"]
    )

    op.create_table(
        "enforcement_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("actioned", sa.Integer(), nullable=False),
        sa.Column("proactive", sa.Integer(), nullable=False),
        sa.Column("before_view", sa.Integer(), nullable=False),
        sa.Column("within_24h", sa.Integer(), nullable=False),
        sa.Column("reports_received", sa.Integer(), nullable=False),
        sa.Column("reports_resolved", sa.Integer(), nullable=False),
        sa.Column("appeals", sa.Integer(), nullable=False),
        sa.Column("overturned", sa.Integer(), nullable=False),
        sa.Column("strikes", sa.Integer(), nullable=False),
        sa.Column("a_allow", sa.Integer(), nullable=False),
        sa.Column("a_hold", sa.Integer(), nullable=False),
        sa.Column("a_hide", sa.Integer(), nullable=False),
        sa.Column("a_remove", sa.Integer(), nullable=False),
        sa.Column("a_restrict_author", sa.Integer(), nullable=False),
        sa.Column("a_nudge", sa.Integer(), nullable=False),
        sa.Column("a_escalate", sa.Integer(), nullable=False),
        sa.Column("n_edited", sa.Integer(), nullable=False),
        sa.Column("n_posted", sa.Integer(), nullable=False),
        sa.Column("n_abandoned", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "region", "category", "language", name=op.f("pk_enforcement_daily")
        ),
    )
    op.create_table(
        "enforcement_latency_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("bucket", sa.SmallInteger(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day",
            "region",
            "category",
            "language",
            "bucket",
            name=op.f("pk_enforcement_latency_daily"),
        ),
    )
    op.create_table(
        "metrics_stale_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_metrics_stale_days")),
    )
    op.create_table(
        "metrics_sync",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cases_synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metrics_sync")),
    )


def downgrade() -> None:
    op.drop_table("metrics_sync")
    op.drop_table("metrics_stale_days")
    op.drop_table("enforcement_latency_daily")
    op.drop_table("enforcement_daily")
    op.drop_index(op.f("ix_safety_mode_periods_creator_id"), table_name="safety_mode_periods")
    op.drop_table("safety_mode_periods")
    op.drop_index("ix_enforcement_facts_creator_day", table_name="enforcement_facts")
    op.drop_index("ix_enforcement_facts_day_region", table_name="enforcement_facts")
    op.drop_table("enforcement_facts")
