"""Safety-plan ranking, the abuse digest's masking, pile-on detection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from hifazat.domain.support.digest import HeldComment, build_digest, mask
from hifazat.domain.support.guides import parse_guide, search
from hifazat.domain.support.pileon import Abusive, find_pileons
from hifazat.domain.support.plan import RiskProfile, recommend, risk_level

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_quiet_creator_gets_a_short_low_risk_plan() -> None:
    p = RiskProfile(niche="lifestyle", has_2fa=True)
    assert risk_level(p) == "low"
    assert recommend(p) == []


def test_threatened_activist_gets_urgent_help_first_with_reasons() -> None:
    p = RiskProfile(
        niche="activist",
        audience_size=300_000,
        abuse_30d={"threat": 4, "harassment": 40, "doxxing": 2},
        pileons_30d=2,
    )
    recs = recommend(p)
    assert risk_level(p) == "critical"
    assert recs[0].id == "urgent_help"
    assert recs[0].reason.format(**recs[0].params)
    ids = [r.id for r in recs]
    assert ids.index("safety_mode") < ids.index("save_evidence")
    assert "followers_only" in ids
    assert "pack_harassment" in ids
    assert all(r.action is not None for r in recs if r.kind == "control")
    assert all(r.action is None for r in recs if r.kind == "external")


def test_applied_controls_are_not_recommended_again() -> None:
    base = {"abuse_30d": {"harassment": 60}, "pileons_30d": 1, "niche": "journalist"}
    before = {r.id for r in recommend(RiskProfile(**base))}  # type: ignore[arg-type]
    after = {
        r.id
        for r in recommend(
            RiskProfile(
                **base,  # type: ignore[arg-type]
                controls={
                    "safety_mode": True,
                    "filter_level": "strict",
                    "who_may_comment": "followers",
                    "keyword_packs": ["harassment"],
                },
            )
        )
    }
    assert {"safety_mode", "filter_strict", "followers_only", "pack_harassment"} <= before
    assert not after & {"safety_mode", "filter_strict", "followers_only", "pack_harassment"}


@given(st.dictionaries(st.sampled_from(["threat", "harassment", "doxxing"]), st.integers(0, 99)))
def test_more_abuse_never_lowers_risk(abuse: dict[str, int]) -> None:
    levels = ["low", "medium", "high", "critical"]
    a = RiskProfile(abuse_30d=abuse)
    more = {k: v + 10 for k, v in abuse.items()}
    more["threat"] = more.get("threat", 0) + 1
    b = RiskProfile(abuse_30d=more)
    assert levels.index(risk_level(b)) >= levels.index(risk_level(a))


def test_digest_counts_and_masks_repeated_phrases() -> None:
    rows = [
        HeldComment("harassment", "ur-Latn", "hold", 0.9, "tu kutta hai ghatiya"),
        HeldComment("harassment", "ur-Latn", "hide", 0.7, "ghatiya insaan tu kutta hai"),
        HeldComment("threat", "ur", "remove", 0.5, "تم کو دیکھ لیں گے"),
        HeldComment(None, "en", "hold", 0.6, "tu kutta"),
    ]
    d = build_digest(rows)
    assert d.total == 4
    assert d.by_category == {"harassment": 2, "threat": 1, "keyword": 1}
    assert d.by_severity == {"high": 1, "medium": 1, "low": 2}
    assert d.top_phrases[0] == (mask("kutta"), 3)
    assert all("kutta" not in p for p, _ in d.top_phrases)
    assert mask("کتی ہو") == "ک•• ه•".replace("ه", "ہ")


def test_pileon_needs_many_comments_from_many_accounts() -> None:
    burst = [Abusive(i, T0 + timedelta(minutes=5 * i), f"u{i}") for i in range(6)]
    slow = [Abusive(100 + i, T0 + timedelta(hours=3 * i + 2), f"s{i}") for i in range(6)]
    piles = find_pileons(burst + slow)
    assert len(piles) == 1
    assert piles[0].comment_ids == tuple(range(6))
    assert piles[0].authors == 6
    one_troll = [Abusive(i, T0 + timedelta(minutes=i), "same") for i in range(10)]
    assert find_pileons(one_troll) == []


@given(st.lists(st.integers(0, 600), max_size=40))
def test_pileons_are_disjoint_and_ordered(minutes: list[int]) -> None:
    items = [Abusive(i, T0 + timedelta(minutes=m), f"u{i}") for i, m in enumerate(minutes)]
    piles = find_pileons(items)
    seen: set[int] = set()
    for a, b in pairwise(piles):
        assert a.end < b.start
    for p in piles:
        assert len(p.comment_ids) >= 5
        assert not seen & set(p.comment_ids)
        seen |= set(p.comment_ids)


def test_guide_search_prefix_and_urdu_variants() -> None:
    g1 = parse_guide("a", "ur", "---\ntitle: ثبوت\nsummary: s\n---\nہراسانی کے بارے میں")
    g2 = parse_guide("b", "en", "---\ntitle: Harassment help\nsummary: x\nissues: a, b\n---\nbody")
    assert g2.issues == ("a", "b")
    assert [h.guide.id for h in search([g1, g2], "harass")] == ["b"]
    assert [h.guide.id for h in search([g1, g2], "ثبوت", "ur")] == ["a"]
    assert search([g1, g2], "harass nothing") == []
