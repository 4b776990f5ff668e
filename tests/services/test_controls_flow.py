"""Guidelines, rules and controls decide real comments through the ingest flow (SQLite and
PostgreSQL): versions recorded, rules cited, controls applied and never loosening, audit kept."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any as FixedClock
from typing import ClassVar

import pytest

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.domain.detection.signal import Evidence, Signal
from hifazat.domain.policy.categories import Category
from hifazat.domain.policy.guidelines import shipped_text
from hifazat.errors import Forbidden, InvalidControls, InvalidGuidelines, InvalidRules
from hifazat.services import audit, backtest, controls, guidelines, rules
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime


class WordDetector:
    """A small, predictable detector for flow tests (any Detector must work here)."""

    WORDS: ClassVar[dict[str, float]] = {"kutta": 0.95, "jahil": 0.9, "idiot": 0.7, "besharam": 0.6}

    def detect(self, text: str) -> Signal:
        low = text.lower()
        hits = [(w, s) for w, s in self.WORDS.items() if w in low]
        score = max((s for _, s in hits), default=0.02)
        evidence = tuple(
            Evidence(Category.HARASSMENT, low.index(w), low.index(w) + len(w), w, "test")
            for w, _ in hits
        )
        lang = "ur-Latn" if any(w in low for w in ("hai", "ho", "aurat")) else "en"
        return Signal(lang, {Category.HARASSMENT: score}, evidence)


@pytest.fixture
def rt(rt: Runtime) -> Runtime:
    """The shared runtime, with the predictable detector."""
    return dataclasses.replace(rt, detector=WordDetector())


POLICY = Principal(Role.POLICY_MANAGER, "policy")
ZARA = Principal(Role.CREATOR, "zara", frozenset({"zara.lifestyle"}))
N = iter(range(10**6))


def post(rt: Runtime, creator: str, text: str, **kw: object) -> dict[str, object]:
    out = ingest_comment(rt, SYSTEM, NewComment(f"e{next(N)}", creator, text, **kw))  # type: ignore[arg-type]
    return {"status": out.status, **out.decision}


def test_decisions_record_the_guideline_version_in_force(rt: Runtime, creator: str) -> None:
    first = post(rt, creator, "tu kutta hai")
    assert first["guideline_version"] == "2026.11.1"
    sor = first["statement_of_reasons"]
    assert sor["policy_id"] == "harassment"
    assert sor["policy_title"]["ur"] == "ہراسانی اور دھونس"
    assert sor["decided_by"] == "guideline"
    assert sor["dsa_category"] == "STATEMENT_CATEGORY_CYBER_VIOLENCE"
    changed = shipped_text().replace('version: "2026.11.1"', 'version: "2026.12.0"')
    changed = changed.replace(
        "{level: 2, min_score: 0.85, action: remove", "{level: 2, min_score: 0.999, action: remove"
    )
    guidelines.save(rt, POLICY, changed, "softer level 2")
    second = post(rt, creator, "tu kutta hai")
    assert second["guideline_version"] == "2026.12.0"
    with pytest.raises(InvalidGuidelines) as bad:
        guidelines.save(rt, POLICY, "version: x\n", None)
    assert "1:1" in bad.value.detail or "problem" in bad.value.detail
    with pytest.raises(Forbidden):
        guidelines.save(rt, ZARA, changed, None)


def test_a_published_rule_decides_and_is_cited(
    rt: Runtime, creator: str, clock: FixedClock
) -> None:
    rules.publish(
        rt,
        POLICY,
        """
rules:
  - id: young-accounts-insulting
    description: insults from accounts younger than a week wait for review
    when: score.harassment >= 0.3 and author.account_age_days < 7
    action: escalate
    priority: 80
""",
    )
    young = post(
        rt, creator, "tu kutta hai", author_id="u1", author_created_at=clock.now - timedelta(days=2)
    )
    assert young["action"] == "escalate"
    assert young["statement_of_reasons"]["rule"] == "rule:young-accounts-insulting"
    assert young["statement_of_reasons"]["inputs"]["account_age_days"] == pytest.approx(2)
    old = post(
        rt,
        creator,
        "tu kutta hai",
        author_id="u2",
        author_created_at=clock.now - timedelta(days=90),
    )
    assert old["action"] == "remove"
    with pytest.raises(InvalidRules) as bad:
        rules.publish(rt, POLICY, "rules:\n  - {id: x, when: 'score.nope > 1', action: hold}\n")
    assert bad.value.extra["problems"][0]["line"] == 2


def test_creator_controls_in_the_flow(rt: Runtime, creator: str, clock: FixedClock) -> None:
    controls.set_controls(
        rt,
        ZARA,
        creator,
        {
            "keywords": ["moti"],
            "allow_list": ["bestie"],
            "block_list": ["stalker"],
            "hold_links": True,
            "hold_new_accounts_days": 3,
            "filter_levels": {"profanity": "strict"},
        },
    )
    assert post(rt, creator, "kitni m0tiii ho gayi")["action"] == "hold"
    assert post(rt, creator, "kitni moti ho gayi", author_id="bestie")["action"] == "allow"
    blocked = post(rt, creator, "thanks for the video", author_id="stalker")
    assert blocked["action"] == "hide"
    assert blocked["statement_of_reasons"]["decided_by"] == "control"
    assert post(rt, creator, "see www.win-prize.pk now")["action"] == "hold"
    new = post(
        rt, creator, "nice", author_id="n1", author_created_at=clock.now - timedelta(hours=5)
    )
    assert new["action"] == "hold"
    # the allow list never lets a platform violation through
    assert post(rt, creator, "tu kutta hai", author_id="bestie")["action"] == "remove"
    controls.set_controls(rt, ZARA, creator, {"who_may_comment": "followers"})
    assert post(rt, creator, "nice", follows_creator=False)["action"] == "hide"
    assert post(rt, creator, "nice", follows_creator=True)["action"] == "allow"
    with rt.read() as s:
        assert audit.verify(s).ok


def test_invalid_controls_list_every_problem(rt: Runtime, creator: str) -> None:
    with pytest.raises(InvalidControls) as exc:
        controls.set_controls(
            rt,
            ZARA,
            creator,
            {
                "filter_levels": {"harasment": "high", "hate": "extreme"},
                "who_may_comment": "friends",
                "hold_new_accounts_days": -1,
                "allow_list": ["x"],
                "block_list": ["X"],
                "colour": "red",
            },
        )
    fields = [p["field"] for p in exc.value.extra["problems"]]
    assert fields == [
        "colour",
        "filter_levels.harasment",
        "filter_levels.hate",
        "who_may_comment",
        "hold_new_accounts_days",
        "block_list",
    ]
    assert "did you mean 'harassment'?" in exc.value.detail


def test_keyword_preview_shows_what_would_have_been_caught(rt: Runtime, creator: str) -> None:
    post(rt, creator, "kitni m o t i ho")
    post(rt, creator, "great video")
    result = controls.preview_keywords(rt, ZARA, creator, ["moti"])
    assert result["scanned"] == 2
    assert result["caught"] == 1
    assert result["samples"][0]["matches"] == ["m o t i"]


def test_backtest_counts_a_rule_change_without_changing_anything(
    rt: Runtime, creator: str, clock: FixedClock
) -> None:
    for text in ["tu kutta hai", "great video", "you are an idiot", "nice one", "jahil aurat"]:
        post(rt, creator, text, region="PK")
        clock.advance(hours=1)
    proposed = """
rules:
  - {id: allow-all-pk, when: "region == 'PK' and score.max < 0.8", action: allow, priority: 100}
  - {id: hold-everything, when: "text.length > 0", action: hold, priority: 1}
"""
    result = backtest.backtest(rt, POLICY, proposed, days=1, samples=3)
    assert result["comments"] == 5
    assert sum(result["after"].values()) == 5
    assert result["changed"] >= 2
    assert result["matches_by_rule"]["hold-everything"] >= 1
    assert len(result["samples"]) <= 3
    assert rules.get_current(rt, POLICY).version == 0  # nothing published
