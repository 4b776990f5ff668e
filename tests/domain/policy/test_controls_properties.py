"""Properties of creator controls in the decision (Hypothesis).

- adding a blocked term (keyword) or a blocked author never turns a hold into an allow,
  nor makes any decision less restrictive;
- a creator's controls never loosen what the platform decided;
- allow-listed authors are never held by creator controls, but platform rules still apply.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from hifazat.domain.controls import Controls, FilterLevel, Shield
from hifazat.domain.detection.signal import Signal
from hifazat.domain.policy.actions import SEVERITY, Action
from hifazat.domain.policy.categories import DEFAULT_THRESHOLDS, Category
from hifazat.domain.policy.context import Context
from hifazat.domain.policy.decide import Verdict, decide
from hifazat.domain.policy.grounds import CONTROL, SAFETY_MODE
from hifazat.domain.policy.rules.ruleset import load_rules

WORDS = [
    "tu",
    "kutta",
    "kuttay",
    "k.u.t.t.a",
    "pagal",
    "acha",
    "video",
    "bohat",
    "pyari",
    "گدھا",
    "بہت",
    "nice",
    "idiot",
    "1d10t",
    "www.win.pk",
    "hai",
    "jaahil",
    "jahil",
]
RULES = load_rules(
    """
rules:
  - {id: new-harass, when: "score.harassment >= 0.3 and author.account_age_days < 7", action: hold, priority: 50}
  - {id: hate-remove, when: "score.hate >= 0.4", action: remove, priority: 60}
  - {id: exempt-low, when: "score.max < 0.55 and region == 'PK'", action: allow, priority: 20}
"""
)
AT = datetime(2026, 11, 2, 9, tzinfo=UTC)

scores = st.dictionaries(st.sampled_from(list(Category)), st.floats(0, 1), max_size=9)
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
terms = st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join)
levels = st.dictionaries(st.sampled_from(list(Category)), st.sampled_from(list(FilterLevel)))
contexts = st.builds(
    Context,
    at=st.just(AT),
    author_id=st.sampled_from([None, "u1", "u2"]),
    author_handle=st.sampled_from([None, "troll", "fan"]),
    account_age_days=st.one_of(st.none(), st.floats(0, 400)),
    prior_strikes=st.integers(0, 5),
    follows_creator=st.sampled_from([None, True, False]),
    region=st.sampled_from([None, "PK", "GB"]),
)
controls = st.builds(
    Controls,
    filter_levels=levels,
    keywords=st.lists(terms, max_size=3).map(tuple),
    block_list=st.sampled_from([frozenset(), frozenset({"u2"})]),
    who_may_comment=st.sampled_from(["everyone", "followers", "nobody"]),
    hold_links=st.booleans(),
    hold_new_accounts_days=st.integers(0, 30),
)
shields = st.sampled_from([None, Shield(period_id=1, muted_phrases=("tu kutta",))])


def run(
    sig: Signal, text: str, ctx: Context, c: Controls | None, shield: Shield | None = None
) -> Verdict:
    return decide(
        sig, DEFAULT_THRESHOLDS, text=text, context=ctx, rules=RULES, controls=c, shield=shield
    )


@settings(max_examples=300, deadline=None)
@given(scores, texts, contexts, controls, terms, shields)
def test_adding_a_blocked_term_never_loosens(
    s: dict[Category, float], text: str, ctx: Context, c: Controls, term: str, shield: Shield | None
) -> None:
    sig = Signal("mixed", s)
    before = run(sig, text, ctx, c, shield)
    more = Controls(**{**c.__dict__, "keywords": (*c.keywords, term)})
    after = run(sig, text, ctx, more, shield)
    assert SEVERITY[after.action] >= SEVERITY[before.action]
    if before.action is Action.HOLD:
        assert after.action is not Action.ALLOW


@settings(max_examples=200, deadline=None)
@given(scores, texts, contexts, controls)
def test_blocking_an_author_never_loosens(
    s: dict[Category, float], text: str, ctx: Context, c: Controls
) -> None:
    sig = Signal("mixed", s)
    before = run(sig, text, ctx, c)
    blocked = Controls(**{**c.__dict__, "block_list": c.block_list | {"u1", "troll"}})
    assert SEVERITY[run(sig, text, ctx, blocked).action] >= SEVERITY[before.action]


@settings(max_examples=300, deadline=None)
@given(scores, texts, contexts, controls, shields)
def test_controls_never_loosen_platform_rules(
    s: dict[Category, float], text: str, ctx: Context, c: Controls, shield: Shield | None
) -> None:
    sig = Signal("mixed", s)
    platform = run(sig, text, ctx, None)
    assert SEVERITY[run(sig, text, ctx, c, shield).action] >= SEVERITY[platform.action]


@settings(max_examples=300, deadline=None)
@given(scores, texts, contexts, controls, shields)
def test_allow_listed_authors_pass_creator_controls_not_platform_rules(
    s: dict[Category, float], text: str, ctx: Context, c: Controls, shield: Shield | None
) -> None:
    ctx = Context(**{**{k: getattr(ctx, k) for k in ctx.__slots__}, "author_id": "trusted"})
    trusted = Controls(**{**c.__dict__, "allow_list": frozenset({"trusted"})})
    sig = Signal("mixed", s)
    verdict = run(sig, text, ctx, trusted, shield)
    assert not [r for r in verdict.reasons if r.source in {CONTROL, SAFETY_MODE}]
    platform = run(sig, text, ctx, None)
    assert verdict.action is platform.action  # platform rules still apply, unchanged


def test_allow_listed_author_is_still_held_by_a_platform_rule() -> None:
    sig = Signal("ur-Latn", {Category.HARASSMENT: 0.32})
    ctx = Context(at=AT, author_id="fan1", account_age_days=2)
    c = Controls(keywords=("kutta",), allow_list=frozenset({"fan1"}))
    verdict = run(sig, "tu kutta", ctx, c)
    assert verdict.action is Action.HOLD
    assert verdict.deciding is not None
    assert verdict.deciding.rule == "rule:new-harass"


def test_keyword_variants_are_held_with_evidence() -> None:
    sig = Signal("ur-Latn", {})
    c = Controls(keywords=("kutta",))
    for text in ["tu k u t t a hai", "tu kuttaaaa", "tu KUTT@ hai", "tu kuta"]:
        v = run(sig, text, Context(at=AT), c)
        assert v.action is Action.HOLD, text
        assert v.deciding is not None
        assert v.deciding.rule == "control:keywords"
        ev = v.deciding.evidence[0]
        assert text[ev.start : ev.end] == ev.match
