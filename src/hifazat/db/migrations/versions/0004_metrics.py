"""metrics: views, nudges and safety-mode history

Revision ID: 0004_metrics
Revises: 0003_reports_cases
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0004_metrics"
down_revision: str | None = "0003_reports_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
