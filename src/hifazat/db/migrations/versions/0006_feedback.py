"""surveys, focus groups and the platform benchmark

Revision ID: 0006_feedback
Revises: 0005_support
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006_feedback"
down_revision: str | None = "0005_support"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
