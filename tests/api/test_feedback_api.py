"""Surveys, focus groups, report and benchmark over HTTP: role checks, a bad answer gets a clear
problem with every item listed while the valid answers are kept, the report as JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from hifazat.domain.access import Role


def _setup(client: TestClient, h: dict[str, str]) -> dict[str, Any]:
    assert client.get("/v1/surveys/instruments", headers=h).json() == []
    from hifazat.services.surveys import builtin_instrument_files

    r = client.post(
        "/v1/surveys/instruments", headers=h, json={"definition": builtin_instrument_files()[0]}
    )
    assert r.status_code == 201, r.text
    s = client.post(
        "/v1/focus-groups",
        headers=h,
        json={
            "title": "Lahore",
            "city": "Lahore",
            "region": "PK",
            "held_on": "2026-11-20",
            "facilitator": "T&S",
            "question": "What support would you want?",
        },
    ).json()
    c = client.post(
        "/v1/surveys/campaigns",
        headers=h,
        json={
            "name": "pre",
            "region": "PK",
            "period": "2026-11",
            "wave": "pre",
            "session_id": s["id"],
        },
    )
    assert c.status_code == 201, c.text
    return {"session": s, "campaign": c.json()}


def test_bad_answers_are_a_problem_but_the_good_ones_are_saved(
    client: TestClient, auth: Callable[..., dict[str, str]]
) -> None:
    staff = auth(Role.ANALYST)
    made = _setup(client, staff)
    token = made["campaign"]["link"].rsplit("/", 1)[1]
    r = client.post(
        "/v1/surveys/responses",
        headers=auth(Role.INTEGRATOR),
        json={"token": token, "answers": {"A0": "cook", "G1": 7, "B1": "often"}, "language": "ur"},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_answers"
    assert {e["field"] for e in body["errors"]} == {"G1", "B1"}
    assert body["saved_status"] == "partial"
    rows = client.get(
        f"/v1/surveys/campaigns/{made['campaign']['id']}/responses", headers=staff
    ).json()
    assert rows[0]["answers"] == {"A0": "cook"}
    assert rows[0]["status"] == "partial"
    ok = client.post(
        "/v1/surveys/responses",
        headers=auth(Role.INTEGRATOR),
        json={"token": token, "answers": {"A1": ["tiktok"]}, "resume": body["resume"]},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "partial"
    assert ok.json()["response_id"] == body["response_id"]
    by_region = client.get("/v1/surveys/analysis?by=region", headers=staff).json()
    assert by_region == {"by": "region", "groups": {}}  # nothing complete yet


def test_focus_group_over_http(client: TestClient, auth: Callable[..., dict[str, str]]) -> None:
    h = auth(Role.ANALYST)
    sid = _setup(client, h)["session"]["id"]
    base = f"/v1/focus-groups/{sid}"
    p = client.post(
        f"{base}/participants", headers=h, json={"pid": "P1", "segment": "cook", "consent": True}
    )
    assert p.status_code == 201, p.text
    refused = client.post(
        f"{base}/participants", headers=h, json={"pid": "P2", "segment": "cook", "consent": False}
    )
    assert refused.json()["code"] == "no_participant_consent"
    ids = [
        client.post(f"{base}/ideas", headers=h, json={"text": t}).json()["id"]
        for t in ("Urdu helpline at night", "رات کو اردو ہیلپ لائن", "legal help")
    ]
    sug = client.get(f"{base}/suggestions", headers=h).json()
    assert sug[0]["ideas"] == ids[:2]
    applied = client.post(f"{base}/suggestions/apply", headers=h, json={}).json()
    moved = client.put(
        f"{base}/ideas/{ids[2]}/cluster", headers=h, json={"cluster_id": applied[0]["id"]}
    )
    assert moved.json()["cluster_id"] == applied[0]["id"]
    assert (
        client.post(
            f"{base}/rankings", headers=h, json={"pid": "P1", "choices": [ids[2], ids[0]]}
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{base}/dots", headers=h, json={"pid": "P1", "choices": [applied[0]["id"]]}
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{base}/notes", headers=h, json={"block": "brainstorm", "text": "ok"}
        ).status_code
        == 201
    )
    export = client.get(f"{base}/export", headers=h).json()
    assert export["ngt_scores"][0]["idea_id"] == ids[2]
    custom = client.post(
        "/v1/focus-groups",
        headers=h,
        json={
            "title": "Karachi",
            "city": "Karachi",
            "region": "PK",
            "held_on": "2026-12-01",
            "facilitator": "T&S",
            "question": "q?",
            "agenda": [{"block": "brainstorm", "title": "Brainstorm", "minutes": 60}],
        },
    ).json()
    assert custom["agenda"] == [{"block": "brainstorm", "title": "Brainstorm", "minutes": 60}]
    report = client.get(f"{base}/report", headers=auth(Role.SENIOR_MODERATOR))
    assert report.status_code == 200
    assert report.json()["ideas"]["top"][0]["idea"] == "legal help"
    assert client.get(f"{base}/report", headers=auth(Role.MODERATOR)).status_code == 403


def test_benchmark_over_http(client: TestClient, auth: Callable[..., dict[str, str]]) -> None:
    h = auth(Role.POLICY_MANAGER)
    m = client.get("/v1/benchmark", headers=h).json()
    assert len(m["platforms"]) == 7
    assert len(m["features"]) == 23
    assert m["platforms"]["tiktok"]["features"]["comment_keyword_filter"]["sources"]
    r = client.put("/v1/benchmark/pile_on_mode", headers=h, json={"value": "yes"})
    assert r.status_code == 200
    gaps = client.get("/v1/benchmark/gaps", headers=h).json()
    assert "pile_on_mode" not in {g["feature"] for g in gaps}
    bad = client.put("/v1/benchmark/teleport", headers=h, json={"value": "yes"})
    assert bad.status_code == 422
