"""The support API end to end: helplines, guides, plans, evidence, escalations, digest."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any as FixedClock

import yaml
from fastapi.testclient import TestClient

from hifazat.api.app import create_app
from hifazat.domain.access import Role
from hifazat.services.runtime import Runtime
from support_seed import seed_abuse, seed_creator, seed_partner

Auth = Callable[..., dict[str, str]]


def test_helplines_filters_errors_and_links(client: TestClient, auth: Auth) -> None:
    h = auth(Role.CREATOR, ("someone",))
    r = client.get("/v1/helplines", params={"country": "pk", "issue": "sextortion"}, headers=h)
    assert r.status_code == 200
    body = r.json()
    assert body["country"] == "PK"
    ids = [x["id"] for x in body["helplines"]]
    assert "pk_nccia_helpline" in ids
    assert "int_stopncii" in ids
    assert [x["id"] for x in body["old_numbers"]] == ["pk_fia_cyber_crime_wing_legacy"]
    nccia = next(x for x in body["helplines"] if x["id"] == "pk_nccia_helpline")
    assert {"type": "phone", "value": "1799", "link": "tel:1799"}.items() <= nccia["channels"][
        0
    ].items()
    assert nccia["sources"]
    assert "last_human_check" in nccia
    r = client.get("/v1/helplines", params={"country": "FR"}, headers=h)
    assert r.status_code == 422
    assert r.json()["code"] == "unknown_country"
    assert "PK" in r.json()["detail"]
    r = client.get("/v1/helplines", params={"country": "PK", "issue": "gossip"}, headers=h)
    assert r.json()["code"] == "unknown_issue"
    assert client.get("/v1/helplines", params={"country": "PK"}).status_code == 401


def test_broken_helpline_entry_is_reported_not_dropped(
    rt: Runtime, auth: Auth, tmp_path: Path
) -> None:
    raw = yaml.safe_load(
        (files("hifazat.support") / "data" / "helplines.yaml").read_text(encoding="utf-8")
    )
    raw["entries"][0]["status"] = "maybe"
    raw["entries"][0]["channels"] = []
    path = tmp_path / "helplines.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    custom = dataclasses.replace(
        rt, settings=rt.settings.model_copy(update={"helplines_file": path})
    )
    with TestClient(create_app(custom)) as c:
        admin = auth(Role.ADMIN)
        report = c.get("/v1/helplines/problems", headers=admin).json()
        assert report["broken_entries"] == ["pk_drf_cyber_harassment_helpline"]
        fields = {p["field"] for p in report["problems"] if p["severity"] == "error"}
        assert fields == {"status", "channels"}
        listed = c.get("/v1/helplines", params={"country": "PK"}, headers=admin).json()
        assert listed["broken_entries"] == ["pk_drf_cyber_harassment_helpline"]
        assert "pk_drf_cyber_harassment_helpline" not in [x["id"] for x in listed["helplines"]]


def test_guides_in_both_languages(client: TestClient, auth: Auth) -> None:
    h = auth(Role.PARTNER, ("drf",))
    en = client.get("/v1/guides", headers=h).json()
    ur = client.get("/v1/guides", params={"lang": "ur"}, headers=h).json()
    assert {g["id"] for g in en} == {g["id"] for g in ur}
    assert len(en) == 8
    hits = client.get("/v1/guides", params={"q": "PECA NCCIA"}, headers=h).json()
    assert hits[0]["id"] == "legal-routes"
    g = client.get("/v1/guides/sextortion", params={"lang": "ur"}, headers=h).json()
    assert "StopNCII" in g["body_markdown"]
    assert client.get("/v1/guides/nope", headers=h).status_code == 404
    assert client.get("/v1/guides", params={"lang": "fr"}, headers=h).status_code == 422


def test_plan_evidence_escalation_digest_over_http(
    client: TestClient, rt: Runtime, auth: Auth, clock: FixedClock
) -> None:
    handle = seed_creator(rt)
    ids = seed_abuse(rt, handle, clock)
    seed_partner(rt)
    me = auth(Role.CREATOR, (handle,))
    drf, other = auth(Role.PARTNER, ("drf",)), auth(Role.PARTNER, ("elsewhere",))

    plan = client.post(
        f"/v1/creators/{handle}/safety-plans",
        json={"concerns": ["intimate_images"], "has_2fa": True},
        headers=me,
    )
    assert plan.status_code == 201, plan.text
    p = plan.json()
    assert p["recommendations"][0]["id"] == "urgent_help"
    assert "hash_removal" in [r["id"] for r in p["recommendations"]]
    assert all(r["text"] for r in p["recommendations"])
    bad = client.post(f"/v1/creators/{handle}/safety-plans", json={"concerns": ["x"]}, headers=me)
    assert bad.status_code == 422
    r = client.post(
        f"/v1/creators/{handle}/safety-plans/{p['id']}/recommendations/safety_mode/apply",
        headers=me,
    )
    assert r.status_code == 200, r.text
    r = client.put(
        f"/v1/creators/{handle}/safety-plans/{p['id']}/recommendations/hash_removal/status",
        json={"status": "done"},
        headers=me,
    )
    assert r.json()["adoption"] == {
        "applied": 1,
        "done": 1,
        "pending": len(p["recommendations"]) - 2,
    }
    latest = client.get(f"/v1/creators/{handle}/safety-plans/latest", headers=me).json()
    assert latest["id"] == p["id"]

    pack = client.post(
        f"/v1/creators/{handle}/evidence-packs",
        json={"comment_ids": ids[:2], "title": "threats"},
        headers=me,
    )
    assert pack.status_code == 201, pack.text
    pack_id = pack.json()["id"]
    assert len(pack.json()["bundle"]["items"]) == 2
    assert client.get(f"/v1/evidence-packs/{pack_id}", headers=drf).status_code == 404

    share = {"partner": "drf", "evidence_pack": pack_id, "consent": False}
    r = client.post(f"/v1/creators/{handle}/escalations", json=share, headers=me)
    assert r.status_code == 422
    assert r.json()["code"] == "escalation_consent_missing"
    r = client.post(
        f"/v1/creators/{handle}/escalations",
        json={**share, "partner": "x", "consent": True},
        headers=me,
    )
    assert r.json()["code"] == "unknown_partner"
    r = client.post(
        f"/v1/creators/{handle}/escalations", json={**share, "consent": True}, headers=me
    )
    assert r.status_code == 201
    esc = r.json()["id"]

    assert [e["id"] for e in client.get("/v1/escalations", headers=drf).json()] == [esc]
    assert client.get("/v1/escalations", headers=other).json() == []
    assert client.get(f"/v1/escalations/{esc}", headers=other).status_code == 404
    exported = client.get(f"/v1/evidence-packs/{pack_id}", headers=drf).json()
    assert [c["action"] for c in exported["custody"]] == ["created", "shared", "exported_json"]
    r = client.post(
        f"/v1/escalations/{esc}/status", json={"status": "received", "note": "hi"}, headers=drf
    )
    assert r.json()["sla"] == "met"
    r = client.post(f"/v1/escalations/{esc}/status", json={"status": "received"}, headers=drf)
    assert r.status_code == 409
    assert r.json()["code"] == "invalid_escalation_status"
    mine = client.get(f"/v1/creators/{handle}/escalations", headers=me).json()
    assert [u["status"] for u in mine[0]["updates"]] == ["shared", "received"]

    r = client.post(f"/v1/escalations/{esc}/withdraw", json={"reason": "done"}, headers=me)
    assert r.json()["status"] == "withdrawn"
    r = client.post(f"/v1/escalations/{esc}/status", json={"status": "resolved"}, headers=drf)
    assert r.status_code == 410
    assert r.json()["code"] == "consent_withdrawn"
    assert client.get(f"/v1/evidence-packs/{pack_id}", headers=drf).status_code == 404
    assert client.post(f"/v1/escalations/{esc}/withdraw", headers=me).status_code == 410

    d = client.get(f"/v1/creators/{handle}/digest", params={"days": 30}, headers=me).json()
    assert d["total"] == 12
    assert len(d["pileons"]) == 1
    assert all("kutta" not in p["phrase"] for p in d["top_phrases"])
    other_creator = auth(Role.CREATOR, ("someone-else",))
    assert client.get(f"/v1/creators/{handle}/digest", headers=other_creator).status_code == 403
