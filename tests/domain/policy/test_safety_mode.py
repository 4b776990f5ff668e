"""Pile-on detection (pure): a simulated raid is caught within 60 s of its start; a normal busy
day never triggers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hifazat.domain.safety_mode import PileOnParams, RecentComment, detect_pile_on

T0 = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
P = PileOnParams()
INSULTS = ["bakwas", "jahil", "pagal", "ullu", "idiot", "stupid", "ganda", "bewakoof", "loser"]
TAILS = ["video hai", "insaan", "content", "yaar", "ho tum", "lagti ho", "bando", "channel"]
RAID_LINES = ["tu kutta hai nikal yahan se", "jahil aurat ghar baith", "sharam karo besharam"]


def busy_day(seed: int, per_day: int = 20_000, abusive_share: float = 0.04) -> list[RecentComment]:
    """A popular creator's ordinary day: thousands of comments, a few percent abusive, spread
    over the day with an evening peak, from a large audience of established accounts."""
    rng = random.Random(seed)
    out = []
    for i in range(per_day):
        hour = rng.choices(range(24), weights=[1] * 8 + [2] * 8 + [5] * 6 + [2] * 2)[0]
        at = T0.replace(hour=0) + timedelta(hours=hour, seconds=rng.uniform(0, 3600))
        abusive = rng.random() < abusive_share
        out.append(
            RecentComment(
                at=at,
                author=f"fan{rng.randrange(50_000)}",
                abusive=abusive,
                text=f"{rng.choice(INSULTS)} {rng.choice(TAILS)} {i}"
                if abusive
                else f"great video {i}",
                account_age_days=rng.uniform(30, 2000),
            )
        )
    return sorted(out, key=lambda c: c.at)


def raid(start: datetime, accounts: int = 300, minutes: float = 5) -> list[RecentComment]:
    rng = random.Random(1)
    step = minutes * 60 / accounts
    return [
        RecentComment(
            at=start + timedelta(seconds=i * step),
            author=f"raider{i}",
            abusive=True,
            text=f"{rng.choice(RAID_LINES)} {rng.choice(['!!', 'yaar', '', 'lol'])}",
            account_age_days=rng.uniform(0, 5),
        )
        for i in range(accounts)
    ]


def first_trigger(stream: list[RecentComment], baseline_abusive: int) -> datetime | None:
    """Run the detector after every abusive comment, as the ingest flow does."""
    window: list[RecentComment] = []
    for c in stream:
        window.append(c)
        window = [w for w in window if w.at >= c.at - P.window]
        if c.abusive and detect_pile_on(window, baseline_abusive, c.at, P) is not None:
            return c.at
    return None


def test_raid_is_caught_within_a_minute_of_its_start() -> None:
    day = busy_day(seed=3)
    baseline = sum(1 for c in day if c.abusive) * 7  # a week like this one
    start = T0 + timedelta(hours=1)
    stream = sorted(
        [c for c in day if c.at < start + timedelta(minutes=10)] + raid(start), key=lambda c: c.at
    )
    caught = first_trigger(stream, baseline)
    assert caught is not None
    assert caught - start <= timedelta(seconds=60)
    window = [c for c in stream if caught - P.window <= c.at <= caught]
    found = detect_pile_on(window, baseline, caught, P)
    assert found is not None
    assert "new_accounts" in found.signals
    assert found.phrases  # the repeated phrase, to mute


def test_no_trigger_on_normal_busy_days() -> None:
    for seed in range(5):
        day = busy_day(seed)
        baseline = sum(1 for c in day if c.abusive) * 7
        assert first_trigger(day, baseline) is None, seed


def test_a_few_angry_regulars_are_not_a_pile_on() -> None:
    start = T0
    burst = [
        RecentComment(
            start + timedelta(seconds=i * 10), f"regular{i % 3}", True, "bakwas video", 900
        )
        for i in range(20)
    ]
    assert detect_pile_on(burst, 0, start + timedelta(seconds=200), P) is None
