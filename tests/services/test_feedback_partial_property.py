"""Property: whatever a respondent sends, in any order and with any mistakes, every valid answer
they gave is stored and none they did not give (a partial response is never lost)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hifazat.domain.access import SYSTEM
from hifazat.domain.surveys import validate_answers
from hifazat.services import surveys
from hifazat.services.runtime import Runtime

ITEMS = ["A0", "A2", "A6", "B1", "B3", "G1", "G4", "J1", "ZZ"]
VALUES = st.one_of(
    st.integers(-1, 7),
    st.sampled_from(["cook", "activist", "1k-10k", "prefer_not", "", "many", "ٹھیک"]),
)
SAVES = st.lists(
    st.dictionaries(st.sampled_from(ITEMS), VALUES, max_size=4), min_size=1, max_size=5
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(saves=SAVES)
def test_every_valid_answer_is_kept(sqlite_rt: Runtime, saves: list[dict[str, Any]]) -> None:
    rt = sqlite_rt
    if not surveys.list_instruments(rt, SYSTEM):
        surveys.install_builtins(rt, SYSTEM)
    c = surveys.create_campaign(rt, SYSTEM, surveys.NewCampaign("p", "csm", "PK", "2026-11"))
    assert c.open_token is not None
    resume = None
    for answers in saves:
        result = surveys.save_response(rt, c.open_token, answers, resume=resume)
        resume = result.resume_token
    link = surveys.open_link(rt, c.open_token, resume)
    assert link.response is not None
    assert link.response.status == "partial"
    _, inst = surveys.campaign_instrument(rt, c.id)
    # The model: for each item, the last valid value sent; a blank clears it; a bad value
    # leaves the earlier one in place. (None of these items is behind skip logic.)
    last: dict[str, Any] = {}
    for answers in saves:
        for k, v in answers.items():
            if k == "ZZ":
                continue
            if v in ("", None):
                last.pop(k, None)
                continue
            one = validate_answers(inst, {k: v})
            if not one.problems:
                last[k] = one.answers[k]
    assert link.response.answers == last
