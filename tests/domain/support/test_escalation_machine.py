"""The escalation state machine matches a simple model; withdrawal always revokes access."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hifazat.domain.support import escalation as m

ORDER = {m.SHARED: 0, m.RECEIVED: 1, m.IN_PROGRESS: 2, m.REFERRED: 3, m.RESOLVED: 4}
steps = st.lists(
    st.one_of(
        st.tuples(st.just("partner"), st.sampled_from([*m.PARTNER_STATUSES, "bogus", m.SHARED])),
        st.tuples(st.just("creator"), st.just("withdraw")),
    ),
    max_size=12,
)


@given(steps)
def test_machine_matches_model(seq: list[tuple[str, str]]) -> None:
    status = m.SHARED
    for who, what in seq:
        before = status
        try:
            status = m.withdraw(status) if who == "creator" else m.partner_move(status, what)
            ok = True
        except m.TransitionRefused:
            ok = False
        if who == "creator":
            assert ok == (before != m.WITHDRAWN)
        elif before in {m.WITHDRAWN, m.RESOLVED} or what not in m.PARTNER_STATUSES:
            assert not ok
        else:
            # forward only, except back from referral to in-progress
            expected = ORDER[what] > ORDER[before] or (before, what) == (m.REFERRED, m.IN_PROGRESS)
            assert ok == (expected and not (before == m.SHARED and what == m.REFERRED))
        if not ok:
            assert status == before
        assert m.partner_can_see(status) == (status != m.WITHDRAWN)


def test_sla_states() -> None:
    t = datetime(2026, 1, 1, tzinfo=UTC)
    due = t + timedelta(hours=48)
    assert m.sla_state(due, None, t) == "open"
    assert m.sla_state(due, None, due + timedelta(seconds=1)) == "overdue"
    assert m.sla_state(due, due, due + timedelta(days=3)) == "met"
    assert m.sla_state(due, due + timedelta(minutes=1), due) == "missed"
