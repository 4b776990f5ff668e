"""Idea clustering across English, Urdu and Roman Urdu; nominal-group and dot-vote tallies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hifazat.domain.focus_groups import (
    Ranking,
    romanise,
    suggest_clusters,
    tally_dots,
    tally_rankings,
    validate_ranking,
)

IDEAS = [
    "Urdu mein helpline chahiye",  # 0
    "اردو میں ہیلپ لائن چاہیے",  # 1
    "A helpline in Urdu please",  # 2
    "qanooni madad muft ho",  # 3
    "Free legal help from a lawyer",  # 4
    "مفت قانونی مدد",  # 5
    "Roman Urdu gaaliyan filter nahi hoti",  # 6
    "Filter for Roman Urdu abuse in comments",  # 7
]


def _groups() -> list[set[int]]:
    return [set(c.members) for c in suggest_clusters(IDEAS, 0.3)]


def test_same_idea_in_three_scripts_and_languages_clusters_together() -> None:
    groups = _groups()
    assert {0, 1, 2} in groups
    assert {3, 4, 5} in groups
    assert {6, 7} in groups


def test_suggestions_are_deterministic_and_cover_every_idea() -> None:
    assert suggest_clusters(IDEAS) == suggest_clusters(IDEAS)
    members = sorted(i for c in suggest_clusters(IDEAS) for i in c.members)
    assert members == list(range(len(IDEAS)))


def test_romanise_folds_urdu_script_and_synonyms() -> None:
    assert "urdu" in romanise("اردو")
    assert romanise("Madad") == "help"
    assert suggest_clusters([]) == []


def test_ngt_scores_points_rankers_and_median() -> None:
    scores = tally_rankings(
        [Ranking("P1", ("a", "b", "c")), Ranking("P2", ("b", "a")), Ranking("P3", ("b",))]
    )
    by = {s.idea: s for s in scores}
    assert by["b"].points == 4 + 5 + 5
    assert by["b"].rankers == 3
    assert by["b"].median_rank == 1.0
    assert by["a"].points == 5 + 4
    assert by["a"].median_rank == 1.5
    assert by["c"].points == 3
    assert [s.idea for s in scores] == ["b", "a", "c"]


def test_ranking_rules() -> None:
    assert validate_ranking([]) is not None
    assert validate_ranking(["1", "1"]) is not None
    assert validate_ranking([str(i) for i in range(8)]) is not None
    assert validate_ranking(["1", "2"]) is None


def test_dots_are_equal_per_person() -> None:
    assert tally_dots({"P1": ["x", "x", "y"], "P2": ["y"]}) == {"x": 2, "y": 2}
    with pytest.raises(ValueError, match="dots"):
        tally_dots({"P1": ["x", "y", "z", "w"]})


@given(
    st.lists(
        st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=5, unique=True), max_size=12
    )
)
def test_ngt_points_add_up(rankings: list[list[str]]) -> None:
    scores = tally_rankings(Ranking(f"P{i}", tuple(r)) for i, r in enumerate(rankings))
    assert sum(s.points for s in scores) == sum(sum(5 - p for p in range(len(r))) for r in rankings)
    assert sum(s.rankers for s in scores) == sum(len(r) for r in rankings)
