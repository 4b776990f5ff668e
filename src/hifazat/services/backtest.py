"""Dry run of a rule change over the stored comments of the last N days (nothing is changed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hifazat.db.tables import Comment, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.policy.backtest import GuidelineTable, Stored, Tally, compare
from hifazat.errors import InvalidInput
from hifazat.services import guidelines, rules
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime

BATCH = 5000


def backtest(
    rt: Runtime, principal: Principal, source: str, days: float = 30, samples: int = 10
) -> dict[str, Any]:
    """Counts per action under the rules in force and under ``source``, and changed samples."""
    require(principal, *rules.EDITORS, Role.ANALYST)
    if not 0 < days <= 366:
        raise InvalidInput("days must be between 0 and 366")
    proposed = rules.parsed(source)
    now = rt.now()
    since = now - timedelta(days=days)
    tally = Tally(max_samples=max(0, min(samples, 100)))
    with rt.read() as s:
        current, version = rules.current(s)
        table = GuidelineTable.build(guidelines.current(s), rt.settings.threshold_map())
        stmt = (
            select(
                Comment.id,
                Comment.text,
                Comment.region,
                Comment.received_at,
                Decision.signal,
                Decision.reasons["inputs"],
            )
            .join(Decision, Decision.comment_id == Comment.id)
            .where(Comment.received_at >= since, Decision.decided_by == "hifazat:auto")
            .execution_options(yield_per=BATCH)
        )
        result = s.execute(stmt)

        def rows() -> Iterator[Stored]:
            for cid, text, region, at, signal, inputs in result:
                yield Stored(cid, text, region, at, signal or {}, inputs or {})

        compare(rows(), table, current, proposed, tally)
    out = tally.as_dict()
    out.update({"days": days, "rules_in_force": version, "proposed_rules": len(proposed.rules)})
    return out
