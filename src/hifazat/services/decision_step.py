"""The decision step for comments, shared by ``POST /v1/comments`` and the event batches.

Guidelines and platform rules in force, the creator's controls and safety mode, the author's
context (account age, strike points in force) → :func:`hifazat.domain.policy.decide.decide`.
Everything it reads is loaded once per transaction: a batch of 200 comments reads the rules
once, each creator's controls and shield once, and each author's strike points once (carried
forward through the batch, so a second comment by the same author sees the first one's strike).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

from hifazat.db.tables import Creator
from hifazat.domain.controls import Controls, Shield
from hifazat.domain.detection.signal import Signal
from hifazat.domain.policy.context import Context
from hifazat.domain.policy.decide import Verdict, decide
from hifazat.services import controls, guidelines, prior_strikes, rules, safety_mode
from hifazat.services.runtime import Runtime

if TYPE_CHECKING:
    from hifazat.services.comments import NewComment

AUTOMATED = prior_strikes.AUTOMATED


class Author(Protocol):
    """What the decision reads about a comment's author (an ``Account`` row or its columns)."""

    @property
    def id(self) -> int: ...

    @property
    def created_at(self) -> datetime | None: ...


class DecisionStep:
    """Decide comments inside one transaction ``s`` at time ``now``."""

    def __init__(self, rt: Runtime, s: Session, now: datetime) -> None:
        self.rt, self.s, self.now = rt, s, now
        self.thresholds = rt.settings.threshold_map()
        self.ruleset, _ = rules.current(s)
        self.guidelines = guidelines.current(s)
        self.controls: dict[int, Controls] = {}
        self.shields: dict[int, Shield | None] = {}
        self.strikes: dict[int, int] = {}

    def preload(self, creator_ids: Iterable[int]) -> None:
        """Controls and shields of many creators in two queries."""
        ids = [i for i in set(creator_ids) if i not in self.controls]
        if ids:
            self.controls.update(controls.load_many(self.s, ids))
            self.shields.update(safety_mode.active_many(self.s, ids, self.now))

    def load_strikes(self, account_ids: Iterable[int], new: set[int]) -> None:
        """Strike points in force for many authors at once. New accounts have none."""
        ids = list(account_ids)
        self.strikes.update(dict.fromkeys(ids, 0))
        self.strikes.update(
            prior_strikes.active_points_many(self.s, [a for a in ids if a not in new], self.now)
        )

    def shield(self, creator_id: int) -> Shield | None:
        if creator_id not in self.shields:
            self.shields[creator_id] = safety_mode.active(self.s, creator_id, self.now)
        return self.shields[creator_id]

    def verdict(
        self, signal: Signal, cmd: NewComment, creator: Creator, author: Author | None
    ) -> Verdict:
        """The decision on one comment. Its strike (if any) counts for the author's next one."""
        s, now = self.s, self.now
        if creator.id not in self.controls:
            self.controls[creator.id] = controls.load(s, creator.id)
        if author is not None and author.id not in self.strikes:
            self.strikes[author.id] = prior_strikes.active_points(s, author.id, now)
        shield = self.shield(creator.id)
        created = author.created_at if author else None
        context = Context(
            at=now,
            author_id=cmd.author_id,
            author_handle=cmd.author_handle,
            account_age_days=(now - created).total_seconds() / 86400 if created else None,
            prior_strikes=self.strikes[author.id] if author else 0,
            follows_creator=cmd.follows_creator,
            region=(cmd.region or creator.region).upper(),
            safety_mode=shield is not None,
            audience_size=creator.audience_size,
        )
        verdict = decide(
            signal,
            self.thresholds,
            text=cmd.text,
            context=context,
            guidelines=self.guidelines,
            rules=self.ruleset,
            controls=self.controls[creator.id],
            shield=shield,
            hold_margin=self.rt.settings.hold_margin,
        )
        if author is not None:
            self.strikes[author.id] += verdict.strikes
        return verdict
