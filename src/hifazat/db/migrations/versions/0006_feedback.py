"""surveys, focus groups and the platform benchmark

Revision ID: 0006_feedback
Revises: 0005_support
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_feedback"
down_revision: str | None = "0005_support"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "benchmark_cells",
        sa.Column("feature", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("feature", name=op.f("pk_benchmark_cells")),
    )
    op.create_table(
        "focus_group_sessions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("held_on", sa.String(length=10), nullable=False),
        sa.Column("facilitator", sa.String(length=200), nullable=False),
        sa.Column("partner_org", sa.String(length=200), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column(
            "agenda",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_group_sessions")),
    )
    op.create_table(
        "survey_instruments",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "title",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "definition",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_instruments")),
        sa.UniqueConstraint("key", "version", name=op.f("uq_survey_instruments_key")),
    )
    op.create_table(
        "focus_group_clusters",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_group_sessions.id"],
            name=op.f("fk_focus_group_clusters_session_id_focus_group_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_group_clusters")),
    )
    with op.batch_alter_table("focus_group_clusters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_focus_group_clusters_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "focus_group_notes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("block", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_group_sessions.id"],
            name=op.f("fk_focus_group_notes_session_id_focus_group_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_group_notes")),
    )
    with op.batch_alter_table("focus_group_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_focus_group_notes_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "focus_group_participants",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("pid", sa.String(length=32), nullable=False),
        sa.Column("segment", sa.String(length=32), nullable=False),
        sa.Column(
            "creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "consent",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_focus_group_participants_creator_id_creators"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_group_sessions.id"],
            name=op.f("fk_focus_group_participants_session_id_focus_group_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_group_participants")),
        sa.UniqueConstraint(
            "session_id", "pid", name=op.f("uq_focus_group_participants_session_id")
        ),
    )
    with op.batch_alter_table("focus_group_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_focus_group_participants_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "survey_campaigns",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "instrument_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("open_token", sa.String(length=64), nullable=True),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("wave", sa.String(length=16), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["survey_instruments.id"],
            name=op.f("fk_survey_campaigns_instrument_id_survey_instruments"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_group_sessions.id"],
            name=op.f("fk_survey_campaigns_session_id_focus_group_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_campaigns")),
        sa.UniqueConstraint("open_token", name=op.f("uq_survey_campaigns_open_token")),
    )
    with op.batch_alter_table("survey_campaigns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_campaigns_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "focus_group_ideas",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "cluster_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["focus_group_participants.id"],
            name=op.f("fk_focus_group_ideas_author_id_focus_group_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["focus_group_clusters.id"],
            name=op.f("fk_focus_group_ideas_cluster_id_focus_group_clusters"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_group_sessions.id"],
            name=op.f("fk_focus_group_ideas_session_id_focus_group_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_group_ideas")),
    )
    with op.batch_alter_table("focus_group_ideas", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_focus_group_ideas_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "focus_group_votes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "participant_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column(
            "choices",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["focus_group_participants.id"],
            name=op.f("fk_focus_group_votes_participant_id_focus_group_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_group_sessions.id"],
            name=op.f("fk_focus_group_votes_session_id_focus_group_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_group_votes")),
        sa.UniqueConstraint(
            "participant_id", "kind", "round", name=op.f("uq_focus_group_votes_participant_id")
        ),
    )
    with op.batch_alter_table("focus_group_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_focus_group_votes_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "survey_invitations",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "campaign_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column(
            "participant_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("segment", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["survey_campaigns.id"],
            name=op.f("fk_survey_invitations_campaign_id_survey_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_survey_invitations_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["focus_group_participants.id"],
            name=op.f("fk_survey_invitations_participant_id_focus_group_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitations")),
        sa.UniqueConstraint("token", name=op.f("uq_survey_invitations_token")),
    )
    with op.batch_alter_table("survey_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_invitations_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "survey_responses",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "campaign_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "invitation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("resume_token", sa.String(length=64), nullable=False),
        sa.Column("respondent", sa.String(length=64), nullable=True),
        sa.Column(
            "creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("segment", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "answers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "scores",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["survey_campaigns.id"],
            name=op.f("fk_survey_responses_campaign_id_survey_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_survey_responses_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["survey_invitations.id"],
            name=op.f("fk_survey_responses_invitation_id_survey_invitations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("resume_token", name=op.f("uq_survey_responses_resume_token")),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_responses_campaign_id"), ["campaign_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_responses_campaign_id"))

    op.drop_table("survey_responses")
    with op.batch_alter_table("survey_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_invitations_campaign_id"))

    op.drop_table("survey_invitations")
    with op.batch_alter_table("focus_group_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focus_group_votes_session_id"))

    op.drop_table("focus_group_votes")
    with op.batch_alter_table("focus_group_ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focus_group_ideas_session_id"))

    op.drop_table("focus_group_ideas")
    with op.batch_alter_table("survey_campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_campaigns_instrument_id"))

    op.drop_table("survey_campaigns")
    with op.batch_alter_table("focus_group_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focus_group_participants_session_id"))

    op.drop_table("focus_group_participants")
    with op.batch_alter_table("focus_group_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focus_group_notes_session_id"))

    op.drop_table("focus_group_notes")
    with op.batch_alter_table("focus_group_clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focus_group_clusters_session_id"))

    op.drop_table("focus_group_clusters")
    op.drop_table("survey_instruments")
    op.drop_table("focus_group_sessions")
    op.drop_table("benchmark_cells")
