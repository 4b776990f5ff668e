"""Every table module, imported so ``Base.metadata`` is complete (Alembic, tests).

Each feature keeps its tables in its own module next to ``tables.py`` and adds one import here.
"""

from __future__ import annotations

from hifazat.db import (
    cases_tables,  # noqa: F401
    controls_tables,  # noqa: F401
    feedback_tables,  # noqa: F401
    metrics_tables,  # noqa: F401
    stream_tables,  # noqa: F401
    support_tables,  # noqa: F401
    tables,  # noqa: F401
)
from hifazat.db.tables import Base

metadata = Base.metadata
