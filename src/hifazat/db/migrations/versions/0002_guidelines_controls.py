"""guidelines, rules and creator controls

Revision ID: 0002_guidelines_controls
Revises: 0001_foundation
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_guidelines_controls"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guideline_versions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guideline_versions")),
        sa.UniqueConstraint("version", name=op.f("uq_guideline_versions_version")),
    )
    op.create_table(
        "rule_set_versions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("rule_count", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set_versions")),
    )
    op.create_table(
        "bulk_actions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column(
            "before",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_bulk_actions_creator_id_creators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_actions")),
    )
    op.create_index(
        op.f("ix_bulk_actions_creator_id"), "bulk_actions", ["creator_id"], unique=False
    )
    op.create_table(
        "nudges",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column(
            "creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("author_ref", sa.String(length=128), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("shown", sa.Boolean(), nullable=False),
        sa.Column("policy_id", sa.String(length=64), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("guideline_version", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome_score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_nudges_creator_id_creators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
        sa.UniqueConstraint("token", name=op.f("uq_nudges_token")),
    )
    op.create_index("ix_nudges_created", "nudges", ["created_at"], unique=False)
    op.create_index(op.f("ix_nudges_creator_id"), "nudges", ["creator_id"], unique=False)
    op.create_table(
        "safety_shields",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "trigger",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "muted_phrases",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("held_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_safety_shields_creator_id_creators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_shields")),
    )
    op.create_index(
        op.f("ix_safety_shields_creator_id"), "safety_shields", ["creator_id"], unique=False
    )
    op.create_table(
        "shield_holds",
        sa.Column(
            "shield_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "comment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_shield_holds_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["shield_id"],
            ["safety_shields.id"],
            name=op.f("fk_shield_holds_shield_id_safety_shields"),
        ),
        sa.PrimaryKeyConstraint("shield_id", "comment_id", name=op.f("pk_shield_holds")),
    )


def downgrade() -> None:
    op.drop_table("shield_holds")
    op.drop_index(op.f("ix_safety_shields_creator_id"), table_name="safety_shields")
    op.drop_table("safety_shields")
    op.drop_index(op.f("ix_nudges_creator_id"), table_name="nudges")
    op.drop_index("ix_nudges_created", table_name="nudges")
    op.drop_table("nudges")
    op.drop_index(op.f("ix_bulk_actions_creator_id"), table_name="bulk_actions")
    op.drop_table("bulk_actions")
    op.drop_table("rule_set_versions")
    op.drop_table("guideline_versions")
