"""Community Guidelines as data: the shipped file is complete and bilingual."""

from __future__ import annotations

import re

from hifazat.domain.policy.actions import Action
from hifazat.domain.policy.categories import DSA_CATEGORY, Category
from hifazat.domain.policy.guidelines import parse_guidelines, shipped_guidelines, shipped_text

URDU = re.compile(r"[\u0600-\u06FF]")


def test_shipped_guidelines_cover_every_category_in_both_languages() -> None:
    g = shipped_guidelines()
    assert g.version
    assert URDU.search(g.title["ur"])
    assert {p.category for p in g.policies} == set(Category)
    for p in g.policies:
        assert p.title["en"], p.id
        assert URDU.search(p.title["ur"]), p.id
        assert p.text["en"], p.id
        assert URDU.search(p.text["ur"]), p.id
        assert p.dsa_category == DSA_CATEGORY[p.category], p.id
        assert p.severities, p.id
        for sub in p.sub_policies:
            assert URDU.search(sub.title["ur"])
            assert URDU.search(sub.text["ur"])


def test_severity_levels_pick_by_score() -> None:
    harassment = shipped_guidelines().policy_for(Category.HARASSMENT)
    assert harassment is not None
    assert harassment.severity_for(0.6).level == 1  # type: ignore[union-attr]
    level2 = harassment.severity_for(0.9)
    assert level2 is not None
    assert level2.action is Action.REMOVE
    assert level2.strikes == 2
    blasphemy = shipped_guidelines().policy_for(Category.BLASPHEMY_ACCUSATION)
    assert blasphemy is not None
    assert blasphemy.lane == "priority"


def test_a_changed_version_parses_and_keeps_its_version() -> None:
    text = shipped_text().replace('version: "2026.11.1"', 'version: "2026.12.0"')
    g, problems = parse_guidelines(text)
    assert problems == []
    assert g is not None
    assert g.version == "2026.12.0"


def test_yaml_syntax_error_is_located() -> None:
    _, problems = parse_guidelines("version: '1'\npolicies: [\n", "g.yaml")
    assert len(problems) == 1
    assert problems[0].line >= 2
    assert "YAML" in problems[0].message
