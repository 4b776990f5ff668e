"""Helpline directory: every problem collected, broken entries reported, selection rules."""

from __future__ import annotations

import copy
from importlib.resources import files
from typing import Any

import pytest
import yaml

from hifazat.domain.support.helplines import Channel, channel_link, parse_directory, select


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    text = (files("hifazat.support") / "data" / "helplines.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_shipped_directory_has_no_broken_entry(raw: dict[str, Any]) -> None:
    d = parse_directory(raw)
    assert d.broken == frozenset()
    assert len(d.entries) == 43
    assert d.leads == 8
    assert {p.severity for p in d.problems} <= {"warning"}


def test_every_problem_is_collected_with_entry_field_and_reason(raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw)
    e0, e1, e2 = broken["entries"][0], broken["entries"][1], broken["entries"][2]
    e0["status"] = "kinda_active"
    e0["channels"][0]["value"] = ""
    del e1["sources"]
    e1["issues"].append("gossip")
    e2["country"] = "Pakistan"
    broken["entries"].append({**copy.deepcopy(raw["entries"][3])})  # duplicate id
    d = parse_directory(broken)
    found = {(p.entry, p.field) for p in d.problems if p.severity == "error"}
    assert ("pk_drf_cyber_harassment_helpline", "status") in found
    assert ("pk_drf_cyber_harassment_helpline", "channels[0].value") in found
    assert ("pk_drf_disinformation_tipline", "sources") in found
    assert ("pk_drf_disinformation_tipline", "issues") in found
    assert ("pk_nccia_helpline", "country") in found
    assert (raw["entries"][3]["id"], "id") in found
    assert {"pk_drf_cyber_harassment_helpline", "pk_nccia_helpline"} <= d.broken
    shown = {h.id for h in select(d, "PK").current}
    assert "pk_drf_cyber_harassment_helpline" not in shown  # broken: reported, not shown
    assert all(p.reason for p in d.problems)


def test_file_level_problems() -> None:
    assert parse_directory([]).problems[0].field == "(root)"
    d = parse_directory({"schema_version": 2, "entries": "x"})
    assert {p.field for p in d.problems} == {"schema_version", "vocab", "entries"}


def test_superseded_never_current_and_leads_never_shown(raw: dict[str, Any]) -> None:
    d = parse_directory(raw)
    for country in d.countries:
        s = select(d, country)
        assert all(h.status not in {"superseded", "legacy", "temporary"} for h in s.current)
    pk = select(d, "PK")
    assert [h.id for h in pk.old_numbers] == ["pk_fia_cyber_crime_wing_legacy"]
    names = " ".join(h.name for h in d.entries)
    assert "Rozan" not in names


def test_emergency_first_and_issue_filter(raw: dict[str, Any]) -> None:
    d = parse_directory(raw)
    s = select(d, "pk", "sextortion")
    assert all("sextortion" in h.issues for h in s.current)
    assert s.current[0].id == "pk_drf_cyber_harassment_helpline"
    flags = [h.emergency for h in select(d, "PK").current]
    assert flags == sorted(flags, reverse=True)
    assert any(h.country == "INT" for h in s.current)
    assert all(h.country == "PK" for h in select(d, "PK", include_international=False).current)


def test_unknown_country_and_issue_are_refused(raw: dict[str, Any]) -> None:
    d = parse_directory(raw)
    with pytest.raises(ValueError, match="no helplines listed"):
        select(d, "FR")
    with pytest.raises(ValueError, match="unknown issue"):
        select(d, "PK", "gossip")


@pytest.mark.parametrize(
    ("kind", "value", "country", "link"),
    [
        ("toll_free_phone", "0800-39393", "PK", "tel:080039393"),
        ("phone", "116 123", "GB", "tel:116123"),
        ("whatsapp", "0301-3249539", "PK", "https://wa.me/923013249539"),
        ("whatsapp", "+44 7700 900000", "GB", "https://wa.me/447700900000"),
        ("sms_text", "85258", "GB", "sms:85258"),
        ("email", "a@b.org", "PK", "mailto:a@b.org"),
        ("website", "https://stopncii.org", "INT", "https://stopncii.org"),
        ("mobile_app", "PTA CMS app", "PK", None),
    ],
)
def test_channel_links(kind: str, value: str, country: str, link: str | None) -> None:
    assert channel_link(Channel(kind, value), country) == link
