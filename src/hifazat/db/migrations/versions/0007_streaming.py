"""stream ingestion: processed events and webhooks

Revision ID: 0007_streaming
Revises: 0006_feedback
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007_streaming"
down_revision: str | None = "0006_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
