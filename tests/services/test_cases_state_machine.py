"""Report → case → decision → appeal on a real database against a plain in-memory model."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import AppealWindowClosed, CaseClaimed, InvalidTransition
from hifazat.services import appeals, case_decisions, cases, reports, strikes
from hifazat.services.audit import verify
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

if TYPE_CHECKING:
    from conftest import FixedClock

INTEGRATOR = Principal(Role.INTEGRATOR, "platform")
MODS = (Principal(Role.MODERATOR, "a"), Principal(Role.MODERATOR, "b"))
SENIOR = Principal(Role.SENIOR_MODERATOR, "s")
SEVERITY = {"spam_scam": 1, "harassment": 2, "threat": 3}
STRIKE_DAYS = {1: 30, 2: 90, 3: 180}
OUTCOME_STATUS = {"no_action": "visible", "hide": "hidden", "remove": "removed"}
_run = itertools.count()


@dataclass
class ModelCase:
    comment: int
    status: str = "open"
    reports: int = 0
    severity: int = 0
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    decided_at: datetime | None = None
    before: str = "visible"
    strike: tuple[int, datetime] | None = None  # points, expires


@dataclass
class Model:
    open_case: dict[int, int] = field(default_factory=dict)  # comment -> case id
    cases: dict[int, ModelCase] = field(default_factory=dict)
    comment_status: dict[int, str] = field(default_factory=dict)


class CaseMachine(RuleBasedStateMachine):
    def __init__(self, rt: Runtime, creator: str, clock: FixedClock) -> None:
        super().__init__()
        self.rt, self.creator, self.clock = rt, creator, clock
        self.model = Model()
        self.comments: list[int] = []
        self.author = f"author-{next(_run)}"

    @initialize()
    def comments_arrive(self) -> None:
        for i in range(3):
            out = ingest_comment(
                self.rt,
                SYSTEM,
                NewComment(f"{self.author}-{i}", self.creator, f"hi {i}", author_id=self.author),
            )
            self.comments.append(out.id)
            self.model.comment_status[out.id] = out.status

    def _live_claim(self, c: ModelCase, by: str) -> bool:
        now = self.clock.now
        return (
            c.claimed_by is not None
            and c.claimed_by != by
            and c.claimed_at is not None
            and now - c.claimed_at < timedelta(minutes=self.rt.settings.claim_minutes)
        )

    @rule(which=st.integers(0, 2), reason=st.sampled_from(sorted(SEVERITY)), who=st.integers(0, 9))
    def report(self, which: int, reason: str, who: int) -> None:
        comment = self.comments[which]
        filed = reports.file_report(
            self.rt,
            INTEGRATOR,
            reports.NewReport("comment", str(comment), reason, None, reporter=f"r{who}"),
        )
        expected = self.model.open_case.get(comment)
        assert filed.folded == (expected is not None)
        if expected is None:
            assert filed.case_id not in self.model.cases
            self.model.open_case[comment] = filed.case_id
            self.model.cases[filed.case_id] = ModelCase(comment)
        else:
            assert filed.case_id == expected
        c = self.model.cases[filed.case_id]
        c.reports += 1
        c.severity = max(c.severity, SEVERITY[reason])

    def _pick(self, data: st.DataObject) -> int | None:
        if not self.model.cases:
            return None
        return data.draw(st.sampled_from(sorted(self.model.cases)))

    @rule(data=st.data(), mod=st.integers(0, 1))
    def claim(self, data: st.DataObject, mod: int) -> None:
        case_id = self._pick(data)
        if case_id is None:
            return
        c, who = self.model.cases[case_id], MODS[mod]
        try:
            cases.claim_case(self.rt, who, case_id)
        except InvalidTransition:
            assert c.status not in ("open", "appealed")
            return
        except CaseClaimed:
            assert self._live_claim(c, who.actor)
            return
        assert c.status in ("open", "appealed")
        assert not self._live_claim(c, who.actor)
        c.claimed_by, c.claimed_at = who.actor, self.clock.now

    @rule(data=st.data(), mod=st.integers(0, 1), outcome=st.sampled_from(sorted(OUTCOME_STATUS)))
    def decide(self, data: st.DataObject, mod: int, outcome: str) -> None:
        case_id = self._pick(data)
        if case_id is None:
            return
        c, who = self.model.cases[case_id], MODS[mod]
        cmd = case_decisions.DecisionInput(outcome, "reviewed")
        try:
            decided = case_decisions.decide_case(self.rt, who, case_id, cmd)
        except InvalidTransition:
            assert c.status != "open"
            return
        except CaseClaimed:
            assert c.status == "open"
            assert self._live_claim(c, who.actor)
            return
        assert c.status == "open"
        assert not self._live_claim(c, who.actor)
        assert decided.outcome == outcome
        c.status, c.decided_at, c.claimed_by = "decided", self.clock.now, None
        c.before = self.model.comment_status[c.comment]
        self.model.comment_status[c.comment] = OUTCOME_STATUS[outcome]
        del self.model.open_case[c.comment]
        c.strike = (
            (c.severity, self.clock.now + timedelta(days=STRIKE_DAYS[c.severity]))
            if outcome != "no_action"
            else None
        )

    @rule(data=st.data())
    def appeal(self, data: st.DataObject) -> None:
        case_id = self._pick(data)
        if case_id is None:
            return
        c = self.model.cases[case_id]
        try:
            appeals.file_appeal(self.rt, INTEGRATOR, case_id, "please", appellant=self.author)
        except InvalidTransition:
            assert c.status != "decided"
            return
        except AppealWindowClosed:
            assert c.status == "decided"
            assert c.decided_at is not None
            assert self.clock.now > c.decided_at + timedelta(days=20)
            return
        assert c.status == "decided"
        assert c.decided_at is not None
        assert self.clock.now <= c.decided_at + timedelta(days=20)
        c.status, c.claimed_by = "appealed", None

    @rule(data=st.data(), overturn=st.booleans())
    def decide_appeal(self, data: st.DataObject, overturn: bool) -> None:
        case_id = self._pick(data)
        if case_id is None:
            return
        c = self.model.cases[case_id]
        view = cases.get_case(self.rt, SENIOR, case_id)
        open_appeals = [a for a in view.appeals if a.status == "open"]
        assert bool(open_appeals) == (c.status == "appealed")
        if not open_appeals:
            return
        appeals.decide_appeal(self.rt, SENIOR, open_appeals[0].id, overturn, "second look")
        c.status = "closed"
        if overturn:
            self.model.comment_status[c.comment] = c.before
            c.strike = None

    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        case_id = self._pick(data)
        if case_id is None:
            return
        c = self.model.cases[case_id]
        try:
            case_decisions.reverse_decision(self.rt, SENIOR, case_id, "mistake")
        except InvalidTransition:
            assert c.status != "decided" or c.comment in self.model.open_case
            return
        assert c.status == "decided"
        assert c.comment not in self.model.open_case
        c.status, c.decided_at = "open", None
        self.model.comment_status[c.comment] = c.before
        self.model.open_case[c.comment] = case_id
        c.strike = None

    @rule(days=st.integers(0, 12), minutes=st.integers(0, 45))
    def wait(self, days: int, minutes: int) -> None:
        self.clock.advance(days=days, minutes=minutes)

    @invariant()
    def database_matches_model(self) -> None:
        for case_id, c in self.model.cases.items():
            view = cases.get_case(self.rt, SENIOR, case_id)
            assert view.case.status == c.status, case_id
            assert view.case.report_count == c.reports
            assert view.case.severity == c.severity
            assert view.subject_status == self.model.comment_status[c.comment]
        if self.comments:
            now = self.clock.now
            expected = sum(
                c.strike[0]
                for c in self.model.cases.values()
                if c.strike is not None and c.strike[1] > now
            )
            standing = strikes.account_standing(self.rt, SENIOR, self.author)
            assert standing.active_points == expected

    def teardown(self) -> None:
        with self.rt.read() as s:
            assert verify(s).ok


def test_cases_match_the_model(rt: Runtime, creator: str, clock: FixedClock) -> None:
    run_state_machine_as_test(
        lambda: CaseMachine(rt, creator, clock),
        settings=settings(
            max_examples=12,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
