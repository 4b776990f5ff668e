"""The demo data files: references resolve, labels and languages are valid, the mix is realistic."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

import hifazat
from hifazat.domain.policy.categories import Category

DATA = Path(hifazat.__file__).parent / "demo" / "data"

LANGUAGES = {"en", "ur", "ur-Latn"}
COMMENT_LANGUAGES = LANGUAGES | {"mixed"}
NICHES = {"lifestyle", "artist", "cook", "comedian", "educator", "activist", "storyteller"}
#: Share of comments per language: (lowest, highest).
LANGUAGE_SHARE = {
    "ur-Latn": (0.28, 0.42),
    "ur": (0.18, 0.32),
    "en": (0.18, 0.32),
    "mixed": (0.10, 0.22),
}
MIN_PER_CATEGORY = 8
WINDOW_DAYS = 14

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
#: Arabic letter forms that Urdu writes differently (ي ك ه -> ی ک ہ).
NOT_URDU = re.compile(r"[\u064A\u0643\u0647]")
ZERO_WIDTH = re.compile(r"[\u200B\u200C\u200D\u2060\uFEFF]")
TATWEEL = "\u0640"


def load(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def creators() -> list[dict[str, Any]]:
    return load("personas.yaml")


@pytest.fixture(scope="module")
def commenters() -> list[dict[str, Any]]:
    return load("commenters.yaml")


@pytest.fixture(scope="module")
def comments() -> list[dict[str, Any]]:
    return load("comments.yaml")


def test_focus_group_has_seven_personas_one_per_niche(creators: list[dict[str, Any]]) -> None:
    focus = [c for c in creators if c["focus_group"]]
    assert len(focus) == 7
    assert {c["niche"] for c in focus} == NICHES


def test_creator_fields(creators: list[dict[str, Any]]) -> None:
    for c in creators:
        assert c["niche"] in NICHES, c["handle"]
        assert re.fullmatch(r"[A-Z]{2}", c["region"]), c["handle"]
        assert c["languages"], c["handle"]
        assert set(c["languages"]) <= LANGUAGES, c["handle"]
        assert isinstance(c["audience_size"], int), c["handle"]
        assert c["audience_size"] > 0, c["handle"]
        assert c["display_name"], c["handle"]
        assert c["bio_en"], c["handle"]
        assert ARABIC_LETTER.search(c["bio_ur"]), c["handle"]
        assert not NOT_URDU.search(c["bio_ur"]), c["handle"]
        assert 2 <= len(c["content"]) <= 3, c["handle"]
        assert all(item["id"] and item["title"] for item in c["content"]), c["handle"]


def test_handles_and_content_ids_are_unique(
    creators: list[dict[str, Any]], commenters: list[dict[str, Any]]
) -> None:
    handles = [c["handle"] for c in creators] + [a["handle"] for a in commenters]
    assert len(handles) == len(set(handles))
    ids = [item["id"] for c in creators for item in c["content"]]
    assert len(ids) == len(set(ids))


def test_creators_span_several_regions(creators: list[dict[str, Any]]) -> None:
    regions = Counter(c["region"] for c in creators)
    assert regions.most_common(1)[0][0] == "PK"
    assert {"PK", "AE", "GB", "IN", "BD", "US"} <= set(regions)


def test_commenters(creators: list[dict[str, Any]], commenters: list[dict[str, Any]]) -> None:
    creator_handles = {c["handle"] for c in creators}
    assert 60 <= len(commenters) <= 100
    for a in commenters:
        assert re.fullmatch(r"[A-Z]{2}", a["region"]), a["handle"]
        assert isinstance(a["account_age_days"], int), a["handle"]
        assert a["account_age_days"] >= 0, a["handle"]
        assert set(a["follows"]) <= creator_handles, a["handle"]
    ages = [a["account_age_days"] for a in commenters]
    assert sum(age <= 7 for age in ages) >= 20  # brand-new accounts
    assert sum(age >= 365 for age in ages) >= 20  # long-standing accounts
    assert len({a["region"] for a in commenters}) >= 6


def test_every_reference_resolves(
    creators: list[dict[str, Any]],
    commenters: list[dict[str, Any]],
    comments: list[dict[str, Any]],
) -> None:
    content_of = {c["handle"]: {item["id"] for item in c["content"]} for c in creators}
    authors = {a["handle"] for a in commenters}
    for i, c in enumerate(comments):
        assert c["creator"] in content_of, (i, c["creator"])
        assert c["content"] in content_of[c["creator"]], (i, c["content"])
        assert c["author"] in authors, (i, c["author"])
        assert isinstance(c["text"], str), i
        assert c["text"].strip(), i
    assert {c["author"] for c in comments} == authors  # no idle accounts


def test_every_creator_gets_comments(
    creators: list[dict[str, Any]], comments: list[dict[str, Any]]
) -> None:
    per_creator = Counter(c["creator"] for c in comments)
    for c in creators:
        assert per_creator[c["handle"]] >= (30 if c["focus_group"] else 5), c["handle"]


def test_labels_are_valid_categories(comments: list[dict[str, Any]]) -> None:
    valid = {str(category) for category in Category}
    for i, c in enumerate(comments):
        assert isinstance(c["label"], list), i
        assert set(c["label"]) <= valid, (i, c["label"])
        assert len(c["label"]) == len(set(c["label"])), i


def test_enough_examples_per_category(comments: list[dict[str, Any]]) -> None:
    counts = Counter(label for c in comments for label in c["label"])
    for category in Category:
        assert counts[str(category)] >= MIN_PER_CATEGORY, category


def test_about_a_third_is_abusive(comments: list[dict[str, Any]]) -> None:
    assert len(comments) >= 400
    labelled = sum(bool(c["label"]) for c in comments)
    assert 0.2 <= labelled / len(comments) <= 0.4


def test_language_mix(comments: list[dict[str, Any]]) -> None:
    assert {c["language"] for c in comments} <= COMMENT_LANGUAGES
    counts = Counter(c["language"] for c in comments)
    for language, (low, high) in LANGUAGE_SHARE.items():
        share = counts[language] / len(comments)
        assert low <= share <= high, (language, round(share, 3))


def test_script_matches_language(comments: list[dict[str, Any]]) -> None:
    for i, c in enumerate(comments):
        text = c["text"]
        if c["language"] == "ur":
            assert ARABIC_LETTER.search(text), i
            assert not LATIN_LETTER.search(text), i
            assert not NOT_URDU.search(text), i
        elif c["language"] in {"en", "ur-Latn"}:
            assert not ARABIC_LETTER.search(text), i


def test_timestamps_span_two_weeks(comments: list[dict[str, Any]]) -> None:
    minutes = [c["minutes_ago"] for c in comments]
    assert all(isinstance(m, int) and 0 <= m <= WINDOW_DAYS * 24 * 60 for m in minutes)
    assert max(minutes) - min(minutes) >= (WINDOW_DAYS - 1) * 24 * 60


def test_pile_on_against_the_activist(
    creators: list[dict[str, Any]],
    commenters: list[dict[str, Any]],
    comments: list[dict[str, Any]],
) -> None:
    (activist,) = [c["handle"] for c in creators if c["niche"] == "activist" and c["focus_group"]]
    age = {a["handle"]: a["account_age_days"] for a in commenters}
    abusive = sorted(
        (c for c in comments if c["creator"] == activist and c["label"]),
        key=lambda c: c["minutes_ago"],
    )
    best: list[dict[str, Any]] = []
    for start in abusive:
        window = [c for c in abusive if 0 <= c["minutes_ago"] - start["minutes_ago"] <= 10]
        best = max(best, window, key=len)
    authors = {c["author"] for c in best}
    assert len(best) >= 35
    assert len(authors) >= 25
    assert sum(age[a] <= 7 for a in authors) / len(authors) >= 0.8
    phrase = Counter(c["text"] for c in best).most_common(1)[0][1]
    assert phrase >= 10  # the same phrase, copied


def test_obfuscated_abuse_is_present(comments: list[dict[str, Any]]) -> None:
    abusive = [c["text"] for c in comments if c["label"]]
    assert sum(bool(ZERO_WIDTH.search(t)) for t in abusive) >= 3
    assert sum(TATWEEL in t for t in abusive) >= 3
    assert sum(bool(re.search(r"\b(\w ){3,}\w\b", t)) for t in abusive) >= 3  # s p a c e d
    assert sum(bool(re.search(r"[a-z][@3!0][a-z]", t)) for t in abusive) >= 3  # l33t


def test_zero_width_characters_are_written_as_escapes() -> None:
    raw = (DATA / "comments.yaml").read_text(encoding="utf-8")
    assert not ZERO_WIDTH.search(raw)
    assert "\\u200b" in raw


def test_counter_examples_are_benign(comments: list[dict[str, Any]]) -> None:
    """Quoting or condemning an accusation is not an accusation; "mar gaye" is laughter."""
    benign = [c["text"].lower() for c in comments if not c["label"]]
    assert sum("gustakh" in t or "گستاخ" in t for t in benign) >= 4
    assert any("mar gaye" in t or "mar gaya" in t for t in benign)
    assert any("kutta" in t for t in benign)
