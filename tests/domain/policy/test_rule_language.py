"""The rule language: parse, check, evaluate; safe (no eval), unknown values never match."""

from __future__ import annotations

import pytest

from hifazat.domain.policy.actions import Action
from hifazat.domain.policy.rules.check import check
from hifazat.domain.policy.rules.compile import compile_condition
from hifazat.domain.policy.rules.ruleset import load_rules, parse_rules
from hifazat.domain.policy.rules.syntax import ParseError, parse


def holds(source: str, **facts: object) -> bool:
    tree = parse(source)
    assert check(tree) == []
    flat = {k.replace("__", "."): v for k, v in facts.items()}
    return compile_condition(tree)(flat)


def test_boolean_logic_and_precedence() -> None:
    assert holds("score.hate >= 0.5 or score.threat >= 0.5 and region == 'PK'", score__hate=0.6)
    assert not holds(
        "(score.hate >= 0.5 or score.threat >= 0.5) and region == 'PK'", score__hate=0.6
    )
    assert holds("not author.follows_creator", author__follows_creator=False)
    assert holds('language in ["ur", "ur-Latn"]', language="ur-Latn")
    assert holds('language not in ["en"]', language="ur")
    assert holds('labels contains "hate"', labels=frozenset({"hate"}))
    assert holds("text.has_link", text__has_link=True)


def test_unknown_values_never_match() -> None:
    # the platform did not tell us the author's age: neither "young" nor "old"
    assert not holds("author.account_age_days < 7", author__account_age_days=None)
    assert not holds("author.account_age_days >= 7", author__account_age_days=None)
    assert not holds("region != 'PK'", region=None)
    assert not holds("not author.follows_creator and text.has_link", author__follows_creator=None)


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('echo hi')",
        "score.hate.__class__ == 1",
        "lambda: 1",
        "score.hate >= 0.5; drop",
    ],
)
def test_code_is_never_run(source: str) -> None:
    try:
        tree = parse(source)
    except ParseError:
        return
    assert check(tree) != []


def test_rules_ordered_by_priority_and_disabled_skipped() -> None:
    rules = load_rules(
        """
rules:
  - {id: low, when: "score.hate >= 0.1", action: hold, priority: 1}
  - {id: high, when: "score.hate >= 0.1", action: remove, priority: 90}
  - {id: disabled, when: "score.hate >= 0.1", action: allow, priority: 99, enabled: false}
"""
    )
    matched = rules.matching({"score.hate": 0.3})
    assert [r.id for r in matched] == ["high", "low"]
    assert matched[0].action is Action.REMOVE


def test_yaml_booleans_as_ids_get_a_hint() -> None:
    _, problems = parse_rules("rules:\n  - {id: off, when: text.has_link, action: hold}\n")
    assert problems[0].message == "rule id 'off' is not valid"
    assert "quote it" in problems[0].hint


def test_empty_file_is_no_rules_and_problems_are_sorted() -> None:
    rules, problems = parse_rules("", "x")
    assert rules is not None
    assert rules.rules == ()
    assert problems == []
    _, problems = parse_rules("rules:\n  - {id: b, when: 'nope', action: x}\n  - 3\n", "x")
    assert problems == sorted(problems)
    assert len(problems) == 3


def test_five_hundred_rules_load() -> None:
    body = "\n".join(
        f"  - {{id: r{i}, when: 'score.harassment >= {i / 1000:.3f} and region == \"PK\"',"
        f" action: hold, priority: {i % 100}}}"
        for i in range(500)
    )
    rules = load_rules("rules:\n" + body)
    assert len(rules.rules) == 500
    assert len(rules.matching({"score.harassment": 0.1, "region": "PK"})) == 101


def test_guarded_matching_equals_plain_evaluation() -> None:
    """The quick skip by ``field >= threshold`` guards never changes which rules match."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from bench_decide import rules_text

    rules = load_rules(rules_text(300, seed=11))
    rng = random.Random(2)
    cats = [
        "harassment",
        "hate",
        "threat",
        "sexual_harassment",
        "doxxing",
        "blasphemy_accusation",
        "self_harm",
        "spam_scam",
        "profanity",
    ]
    for _ in range(300):
        facts: dict[str, object] = {f"score.{c}": rng.random() ** 3 for c in cats}
        facts.update(
            {
                "score.max": max(facts.values()),  # type: ignore[type-var]
                "language": rng.choice(["en", "ur", "ur-Latn"]),
                "labels": frozenset(rng.sample(cats, 2)),
                "region": rng.choice(["PK", "GB", None]),
                "hour": rng.randrange(24),
                "weekday": rng.randrange(7),
                "author.account_age_days": rng.choice([None, rng.uniform(0, 90)]),
                "author.prior_strikes": rng.randrange(5),
                "author.follows_creator": rng.choice([None, True, False]),
                "creator.safety_mode": rng.random() < 0.3,
                "text.has_link": rng.random() < 0.3,
                "text.length": rng.randrange(300),
                "evidence.count": rng.randrange(4),
            }
        )
        plain = [r for r in rules.rules if r.enabled and r.predicate(facts)]
        assert rules.matching(facts) == plain
