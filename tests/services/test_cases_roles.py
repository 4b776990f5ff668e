"""Every (role, action) pair at the service layer: listed roles succeed, the others are refused."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import Forbidden
from hifazat.services import appeals, case_decisions, case_history, cases, notices, queue, reports
from hifazat.services import strikes as strike_service
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

STAFF = {Role.ADMIN, Role.POLICY_MANAGER, Role.MODERATOR, Role.SENIOR_MODERATOR}
DECIDERS = {Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR}
SENIORS = {Role.ADMIN, Role.SENIOR_MODERATOR}
REPORTERS = {
    Role.INTEGRATOR,
    Role.CREATOR,
    Role.PARTNER,
    Role.ADMIN,
    Role.MODERATOR,
    Role.SENIOR_MODERATOR,
}
MOD = Principal(Role.MODERATOR, "first-decider")
_n = itertools.count(1)


class World:
    """A creator with a comment and a case in the state an action needs."""

    def __init__(self, rt: Runtime, creator: str) -> None:
        self.rt, self.creator = rt, creator
        self.reuse = False  # refused calls change nothing, so they may share one case
        self.shared: dict[str, tuple[int, int]] = {}

    def case(self, state: str = "open") -> int:
        if self.reuse and state in self.shared:
            case_id, self.appeal = self.shared[state]
            return case_id
        case_id = self._make(state)
        self.shared[state] = (case_id, getattr(self, "appeal", 0))
        return case_id

    def _make(self, state: str) -> int:
        n = next(_n)
        out = ingest_comment(
            self.rt, SYSTEM, NewComment(f"w{n}", self.creator, f"hello {n}", author_id="u1")
        )
        filed = reports.file_report(
            self.rt, SYSTEM, reports.NewReport("comment", str(out.id), "harassment", None)
        )
        cases.escalate_to_partner(self.rt, SYSTEM, filed.case_id, "drf")
        cases.consent_to_escalation(self.rt, SYSTEM, filed.case_id, True)
        if state in ("decided", "appealed"):
            case_decisions.decide_case(
                self.rt, MOD, filed.case_id, case_decisions.DecisionInput("hide", "insult")
            )
        if state == "appealed":
            self.appeal = appeals.file_appeal(self.rt, SYSTEM, filed.case_id, "no", "u1").id
        return filed.case_id


def principal(role: Role, creator: str) -> Principal:
    subjects = {Role.CREATOR: {creator}, Role.PARTNER: {"drf"}}.get(role, set())
    return Principal(role, f"{role.value}-person", frozenset(subjects))


Action = Callable[[World, Principal], Any]
DECIDE = case_decisions.DecisionInput("hide", "insult")


def _appeal_decision(w: World, p: Principal) -> Any:
    w.case("appealed")
    return appeals.decide_appeal(w.rt, p, w.appeal, False, "stands")


ACTIONS: dict[str, tuple[set[Role], Action]] = {
    "file_report": (
        REPORTERS,
        lambda w, p: reports.file_report(
            w.rt,
            p,
            reports.NewReport(
                "comment",
                str(cases.get_case(w.rt, SYSTEM, w.case()).case.subject_ref),
                "hate",
                None,
                reporter="r9" if p.role is Role.INTEGRATOR else None,
            ),
        ),
    ),
    "my_reports": (REPORTERS, lambda w, p: reports.my_reports(w.rt, p)),
    "get_case": (
        STAFF | {Role.CREATOR, Role.PARTNER},
        lambda w, p: cases.get_case(w.rt, p, w.case()),
    ),
    "list_queue": (STAFF, lambda w, p: queue.list_queue(w.rt, p, queue.QueueFilter())),
    "queue_stats": (STAFF | {Role.ANALYST}, lambda w, p: queue.queue_stats(w.rt, p)),
    "save_queue": (
        {Role.ADMIN, Role.POLICY_MANAGER, Role.SENIOR_MODERATOR},
        lambda w, p: queue.save_queue(w.rt, p, f"q{next(_n)}", queue.QueueFilter(lane="priority")),
    ),
    "list_saved_queues": (STAFF, lambda w, p: queue.list_saved_queues(w.rt, p)),
    "claim_case": (DECIDERS, lambda w, p: cases.claim_case(w.rt, p, w.case())),
    "release_case": (DECIDERS, lambda w, p: cases.release_case(w.rt, p, w.case())),
    "assign_case": (SENIORS, lambda w, p: cases.assign_case(w.rt, p, w.case(), "sana")),
    "decide_case": (DECIDERS, lambda w, p: case_decisions.decide_case(w.rt, p, w.case(), DECIDE)),
    "bulk_decide": (
        DECIDERS,
        lambda w, p: case_decisions.bulk_decide(w.rt, p, [w.case(), w.case()], DECIDE),
    ),
    "reverse_decision": (
        SENIORS,
        lambda w, p: case_decisions.reverse_decision(w.rt, p, w.case("decided"), "mistake"),
    ),
    "escalate_to_partner": (
        DECIDERS,
        lambda w, p: cases.escalate_to_partner(w.rt, p, w.case(), "drf"),
    ),
    "consent_to_escalation": (
        {Role.CREATOR, Role.ADMIN},
        lambda w, p: cases.consent_to_escalation(w.rt, p, w.case(), True),
    ),
    "reveal_case": (STAFF, lambda w, p: cases.reveal_case(w.rt, p, w.case())),
    "exposure_today": (STAFF, lambda w, p: cases.exposure_today(w.rt, p)),
    "file_appeal": (
        {Role.INTEGRATOR, Role.CREATOR, Role.ADMIN},
        lambda w, p: appeals.file_appeal(w.rt, p, w.case("decided"), "please", "u1"),
    ),
    "decide_appeal": (SENIORS, _appeal_decision),
    "add_note": (
        DECIDERS | {Role.POLICY_MANAGER, Role.PARTNER},
        lambda w, p: appeals.add_note(w.rt, p, w.case(), "context"),
    ),
    "inbox": (DECIDERS, lambda w, p: appeals.inbox(w.rt, p)),
    "account_standing": (STAFF, lambda w, p: strike_service.account_standing(w.rt, p, "u1")),
    "list_notices": (
        {Role.INTEGRATOR, Role.ADMIN, Role.CREATOR},
        lambda w, p: notices.list_notices(
            w.rt, p, f"creator:{w.creator}" if p.role is Role.CREATOR else "account:u1"
        ),
    ),
    "case_events": (STAFF, lambda w, p: case_history.case_events(w.rt, p, w.case())),
    "export_case": (
        SENIORS | {Role.POLICY_MANAGER},
        lambda w, p: case_history.export_case(w.rt, p, w.case()),
    ),
    "dsa_statements": (
        {Role.ADMIN, Role.POLICY_MANAGER},
        lambda w, p: list(
            case_history.dsa_statements(
                w.rt, p, w.rt.now() - timedelta(days=1), w.rt.now() + timedelta(days=1)
            )
        ),
    ),
}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_action_pair(rt: Runtime, creator: str, role: Role) -> None:
    world = World(rt, creator)
    who = principal(role, creator)
    for name, (allowed, action) in ACTIONS.items():
        world.reuse = role not in allowed
        if role in allowed:
            action(world, who)  # must succeed
        else:
            with pytest.raises(Forbidden) as refused:
                action(world, who)
            assert type(refused.value) is Forbidden, (name, role, refused.value)


def test_the_walk_covers_every_role_and_action() -> None:
    assert len(ACTIONS) >= 25
    assert {r for allowed, _ in ACTIONS.values() for r in allowed} == set(Role)
