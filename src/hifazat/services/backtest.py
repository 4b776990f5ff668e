"""Dry run of a rule change over the stored comments of the last N days (nothing is changed).

Reads only what the rules and guidelines need, extracted from the stored JSON by the database
(scores as numbers, the context each decision was made with), streamed in batches."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, select

from hifazat.db.tables import Comment, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.policy.backtest import GuidelineTable, Tally, compare, stored_facts, text_facts
from hifazat.domain.policy.categories import Category
from hifazat.errors import InvalidInput
from hifazat.services import guidelines, rules
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime

BATCH = 10_000
CATS = [c.value for c in Category]


def _input_columns(used: frozenset[str]) -> dict[str, ColumnElement[Any]]:
    """Rule field → the stored value it comes from (only the fields the rules read)."""
    inputs = Decision.reasons["inputs"]
    sig = Decision.signal
    available: dict[str, Any] = {
        "language": sig["language"].as_string(),
        "labels": sig["labels"],
        "evidence.sources": sig["evidence"],
        "evidence.count": sig["evidence"],
        "author.known": inputs["author_known"].as_boolean(),
        "author.account_age_days": inputs["account_age_days"].as_float(),
        "author.prior_strikes": inputs["prior_strikes"].as_integer(),
        "author.follows_creator": inputs["follows_creator"].as_boolean(),
        "region": Comment.region,
        "creator.safety_mode": inputs["safety_mode"].as_boolean(),
    }
    return {k: v for k, v in available.items() if k in used}


def _value(name: str, raw: Any) -> Any:
    if name == "labels":
        return frozenset(raw or ())
    if name == "evidence.sources":
        return frozenset(e.get("source") for e in raw or ())
    if name == "evidence.count":
        return len(raw or ())
    return raw


def prefetched(rows: Iterable[Any], batch: int = BATCH, depth: int = 4) -> Iterator[Any]:
    """Read rows on a helper thread while the caller works on earlier ones, so the database
    and the rule evaluation run at the same time (the driver releases the GIL while waiting)."""
    box: queue.Queue[list[Any] | BaseException | None] = queue.Queue(maxsize=depth)

    stop = threading.Event()

    def read() -> None:
        try:
            chunk: list[Any] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= batch:
                    box.put(chunk)
                    chunk = []
                    if stop.is_set():
                        return
            box.put(chunk)
            box.put(None)
        except BaseException as exc:  # handed to the caller's thread
            box.put(exc)

    reader = threading.Thread(target=read, name="backtest-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = box.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            yield from item
    finally:
        stop.set()
        while reader.is_alive():  # let a blocked reader finish its put and see the flag
            with contextlib.suppress(queue.Empty):
                box.get(timeout=0.1)
        reader.join()


def backtest(
    rt: Runtime, principal: Principal, source: str, days: float = 30, samples: int = 10
) -> dict[str, Any]:
    """Counts per action under the rules in force and under ``source``, and changed samples."""
    require(principal, *rules.EDITORS, Role.ANALYST)
    if not 0 < days <= 366:
        raise InvalidInput("days must be between 0 and 366")
    proposed = rules.parsed(source)
    since = rt.now() - timedelta(days=days)
    tally = Tally(max_samples=max(0, min(samples, 100)))
    with rt.read() as s:
        current, version = rules.current(s)
        table = GuidelineTable.build(guidelines.current(s), rt.settings.threshold_map())
        used = current.fields | proposed.fields
        extra = _input_columns(used)
        with_text = bool(used & {"text.length", "text.has_link"})
        scores = [Decision.signal["categories"][c].as_float() for c in CATS]
        cols: list[Any] = [Comment.id, Comment.received_at, *scores, *extra.values()]
        if with_text:
            cols.append(Comment.text)
        stmt = (
            select(*cols)
            .join(Decision, Decision.comment_id == Comment.id)
            .where(Comment.received_at >= since, Decision.decided_by == "hifazat:auto")
            .execution_options(yield_per=BATCH)
        )
        names = list(extra)
        n_scores = len(CATS)

        def stored() -> Iterator[tuple[int, dict[str, Any]]]:
            for row in prefetched(s.execute(stmt)):
                extra = {n: _value(n, row[2 + n_scores + i]) for i, n in enumerate(names)}
                if with_text:
                    extra.update(text_facts(row[-1]))
                yield row[0], stored_facts(row[2 : 2 + n_scores], row[1], extra)

        compare(stored(), table, current, proposed, tally)
        if tally.samples:
            ids = [x["comment_id"] for x in tally.samples]
            texts = dict(
                s.execute(select(Comment.id, Comment.text).where(Comment.id.in_(ids))).all()
            )
            for x in tally.samples:
                x["text"] = str(texts.get(x["comment_id"], ""))[:280]
    out = tally.as_dict()
    out.update({"days": days, "rules_in_force": version, "proposed_rules": len(proposed.rules)})
    return out
