"""Instruments as data: the built-in survey parses, skip logic, validation keeps every valid
answer and names every bad one, SUS scoring."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from hifazat.domain.surveys import (
    PREFER_NOT,
    InstrumentInvalid,
    derived_indicators,
    parse_instrument,
    sus_score,
    validate_answers,
    visible_items,
)


def builtin() -> dict[str, Any]:
    raw = (files("hifazat.feedback") / "instruments" / "csm-v1.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


INST = parse_instrument(builtin())


def complete_answers(**over: Any) -> dict[str, Any]:
    a: dict[str, Any] = {
        "A0": "cook",
        "A1": ["tiktok"],
        "A2": "1k-10k",
        "A4": ["ur"],
        **{f"B{i}": 1 for i in range(1, 16)},
        "E4": {"drf": "yes", "nccia": "no", "peca": "no", "stopncii": "no"},
        "F1": {
            "comment_keyword_filter": 3,
            "comment_approval_queue": 1,
            "interaction_limits": 2,
            "bulk_moderation": 1,
            "pile_on_mode": 1,
        },
        **{f"G{i}": 4 for i in range(1, 7)},
        **{f"H{i}": 3 for i in range(1, 11)},
        "I1": "legal",
    }
    a.update(over)
    return a


def test_builtin_instrument_is_bilingual_and_versioned() -> None:
    assert (INST.key, INST.version) == ("csm", 1)
    assert len(INST.items()) > 50
    for item in INST.items():
        assert item.text["en"], item.id
        assert item.text["ur"], item.id
        for o in item.options + item.rows:
            assert o.ur, (item.id, o.value)
    assert {i.type for i in INST.items()} == {
        "likert",
        "single",
        "multi",
        "numeric",
        "text",
        "matrix",
    }
    assert len([i for i in INST.items() if "sus" in i.tags]) == 10
    assert INST.sources


def test_incident_sections_show_only_after_some_exposure() -> None:
    none = {f"B{i}": 1 for i in range(1, 14)}
    shown = {i.id for i in visible_items(INST, none)}
    assert "C1" not in shown
    assert "D1" not in shown
    some = {**none, "B3": 2}
    shown = {i.id for i in visible_items(INST, some)}
    assert {"C1", "C2", "D1"} <= shown


def test_effectiveness_asked_only_of_tool_users() -> None:
    assert "F2" not in {i.id for i in visible_items(INST, {"F1": {"pile_on_mode": 2}})}
    assert "F2" in {i.id for i in visible_items(INST, {"F1": {"pile_on_mode": 3}})}


def test_complete_response_validates() -> None:
    v = validate_answers(INST, complete_answers())
    assert v.complete, (v.problems, v.missing)


def test_bad_answers_are_named_and_good_ones_kept() -> None:
    v = validate_answers(INST, {"A0": "cook", "G1": 9, "A6": "many", "Z9": 1, "A1": ["myspace"]})
    assert {p.where for p in v.problems} == {"G1", "A6", "Z9", "A1"}
    assert v.answers == {"A0": "cook"}
    assert "B1" in v.missing
    assert "must be one of" in next(str(p) for p in v.problems if p.where == "G1")


def test_numeric_bounds_and_text_limits() -> None:
    assert validate_answers(INST, {"A6": "-1"}).problems[0].message.startswith("must be at least")
    assert validate_answers(INST, {"A6": "7"}).answers["A6"] == 7
    assert validate_answers(INST, {"J1": "x" * 5000}).problems


def test_prefer_not_is_accepted_where_offered_only() -> None:
    assert not validate_answers(INST, {"B3": PREFER_NOT}).problems
    assert validate_answers(INST, {"G1": PREFER_NOT}).problems


def test_answers_to_hidden_items_are_dropped() -> None:
    a = complete_answers(C1="yes")  # all B are "Never": section C was never asked
    v = validate_answers(INST, a)
    assert "C1" not in v.answers


def test_incomplete_matrix_is_missing() -> None:
    v = validate_answers(INST, complete_answers(F1={"pile_on_mode": 1}))
    assert "F1" in v.missing


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        (dict.fromkeys(range(1, 11), 3), 50.0),
        ({n: 5 if n % 2 else 1 for n in range(1, 11)}, 100.0),
        ({n: 1 if n % 2 else 5 for n in range(1, 11)}, 0.0),
        ({1: 4, 2: 2, 3: 4, 4: 1, 5: 4, 6: 2, 7: 5, 8: 2, 9: 4, 10: 2}, 80.0),
    ],
)
def test_sus_scoring(answers: dict[int, int], score: float) -> None:
    assert sus_score(answers) == score


@given(st.lists(st.integers(1, 5), min_size=10, max_size=10))
def test_sus_is_within_0_and_100_in_steps_of_2_5(values: list[int]) -> None:
    score = sus_score({n + 1: v for n, v in enumerate(values)})
    assert 0 <= score <= 100
    assert (score / 2.5).is_integer()


@given(st.dictionaries(st.sampled_from([i.id for i in INST.items()]), st.integers(-3, 9)))
def test_validation_never_keeps_an_invalid_or_hidden_answer(answers: dict[str, int]) -> None:
    v = validate_answers(INST, answers)
    again = validate_answers(INST, v.answers)
    assert again.answers == v.answers
    assert not again.problems
    shown = {i.id for i in visible_items(INST, v.answers)}
    assert set(v.answers) <= shown


def test_derived_indicators() -> None:
    a = complete_answers(
        B6=3, C1="yes", C2=4, C4="stranger", **dict.fromkeys(("D1", "D2", "D6", "D7", "D9"), "no")
    )
    d = derived_indicators(INST, validate_answers(INST, a).answers)
    assert d["any_harassment"]
    assert d["severe_harassment"]
    assert d["frequency_index"] == 13 + 2
    assert d["sus"] == 50.0
    # G1..G6 all 4, G3 reversed → (4*5 + 2) / 6
    assert d["perceived_safety"] == pytest.approx(22 / 6)


def test_instrument_problems_are_all_collected() -> None:
    raw = builtin()
    raw["sections"][0]["items"][0]["type"] = "slider"
    raw["sections"][0]["items"][1]["text"] = {"en": "no Urdu"}
    raw["sections"][2]["show_if"] = {"any_of": ["NOPE"], "gt": 1}
    with pytest.raises(InstrumentInvalid) as caught:
        parse_instrument(raw)
    wheres = {p.where for p in caught.value.problems}
    assert {"A.A0", "A.A1", "C"} <= wheres
