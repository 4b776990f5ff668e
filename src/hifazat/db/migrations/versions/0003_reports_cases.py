"""reports, cases, appeals and strikes

Revision ID: 0003_reports_cases
Revises: 0002_guidelines_controls
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0003_reports_cases"
down_revision: str | None = "0002_guidelines_controls"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
