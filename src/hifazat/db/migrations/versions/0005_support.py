"""safety plans, evidence packs and escalations

Revision ID: 0005_support
Revises: 0004_metrics
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005_support"
down_revision: str | None = "0004_metrics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
