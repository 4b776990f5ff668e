"""Safety mode through the real flow: a simulated raid is offered within 60 s of its start, a
busy ordinary stream is not; an opted-in shield switches itself on, holds, and expires."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta
from typing import Any as FixedClock

import pytest
from test_controls_flow import WordDetector

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import Conflict
from hifazat.services import controls, safety_mode
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

ZARA = Principal(Role.CREATOR, "zara", frozenset({"zara.lifestyle"}))
RAID = ["tu kutta hai nikal", "jahil aurat ghar baith", "besharam jahil"]


@pytest.fixture
def rt(rt: Runtime) -> Runtime:
    return dataclasses.replace(rt, detector=WordDetector())


def shields(rt: Runtime, creator: str) -> list[safety_mode.ShieldState]:
    return safety_mode.status(rt, ZARA, creator)


def raid(rt: Runtime, clock: FixedClock, creator: str, accounts: int, every_s: float) -> int:
    """Raiders post one abusive comment each; returns seconds from the start to the offer."""
    start = clock.now
    for i in range(accounts):
        ingest_comment(
            rt,
            SYSTEM,
            NewComment(
                f"raid{i}",
                creator,
                f"{RAID[i % 3]} {i}",
                author_id=f"raider{i}",
                author_created_at=clock.now - timedelta(days=1),
                follows_creator=False,
            ),
        )
        if shields(rt, creator):
            return int((clock.now - start).total_seconds())
        clock.advance(seconds=every_s)
    return -1


def test_raid_is_offered_within_a_minute(rt: Runtime, creator: str, clock: FixedClock) -> None:
    seconds = raid(rt, clock, creator, accounts=120, every_s=1.5)  # 120 accounts in 3 minutes
    assert 0 <= seconds <= 60
    offer = shields(rt, creator)[0]
    assert offer.status == "offered"
    assert offer.trigger["accounts"] >= 8
    assert "new_accounts" in offer.trigger["signals"]
    # the creator accepts; muted phrase and non-followers are held from now on
    on = safety_mode.switch(rt, ZARA, creator, True, hours=2)
    assert on is not None
    assert on.status == "active"
    out = ingest_comment(
        rt, SYSTEM, NewComment("after", creator, "hello there", follows_creator=False)
    )
    assert out.status == "held"
    assert out.decision["statement_of_reasons"]["decided_by"] == "safety_mode"
    fan = ingest_comment(
        rt, SYSTEM, NewComment("fan", creator, "hello there", follows_creator=True)
    )
    assert fan.status == "visible"
    clock.advance(hours=3)  # expires by itself
    ended = shields(rt, creator)[0]
    assert ended.status == "ended"
    assert ended.held == 1
    assert safety_mode.held_by(rt, ZARA, creator, ended.id) == [out.id]
    later = ingest_comment(rt, SYSTEM, NewComment("later", creator, "hello", follows_creator=False))
    assert later.status == "visible"


def test_busy_ordinary_stream_does_not_trigger(
    rt: Runtime, creator: str, clock: FixedClock
) -> None:
    rng = random.Random(4)
    for i in range(200):  # a busy evening: a comment every ~20 s, one in sixteen abusive
        abusive = rng.random() < 0.06
        text = f"{rng.choice(RAID)} {i}" if abusive else f"great video {i}"
        ingest_comment(
            rt,
            SYSTEM,
            NewComment(f"busy{i}", creator, text, author_id=f"fan{rng.randrange(300)}"),
        )
        clock.advance(seconds=rng.uniform(5, 35))
    assert shields(rt, creator) == []


def test_opted_in_shield_switches_itself_on(rt: Runtime, creator: str, clock: FixedClock) -> None:
    controls.set_controls(rt, ZARA, creator, {"safety_mode_auto": True})
    assert raid(rt, clock, creator, accounts=60, every_s=1) >= 0
    st = shields(rt, creator)[0]
    assert st.status == "active"
    assert st.automatic
    assert st.muted_phrases
    safety_mode.switch(rt, ZARA, creator, False)
    assert shields(rt, creator)[0].status == "ended"
    with pytest.raises(Conflict):
        safety_mode.switch(rt, ZARA, creator, False)
