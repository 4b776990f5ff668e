"""GET /v1/metrics/...: JSON, CSV, comparisons, problems for bad parameters; POST /v1/views."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from hifazat.domain import metrics as m
from hifazat.domain.access import SYSTEM, Role
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.demo_history import load_history
from hifazat.services.runtime import Runtime

Auth = Callable[..., dict[str, str]]
SPAN = {"from": "2026-05-01", "to": "2026-11-02"}


@pytest.fixture
def history(rt: Runtime) -> Runtime:
    load_history(rt, SYSTEM, days=200, events=2500, seed=3)
    return rt


def test_enforcement_json_by_region(client: TestClient, history: Runtime, auth: Auth) -> None:
    resp = client.get("/v1/metrics/enforcement", params=SPAN, headers=auth(Role.ANALYST))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    keys = [s["key"] for s in body["slices"]]
    assert "PK" in keys
    assert sum(s["items_processed"] for s in body["slices"]) == body["total"]["items_processed"]
    for s in body["slices"]:
        for rate in m.RATE_PARTS:
            assert s[rate] is None or 0 <= s[rate] <= 1


def test_filters_and_breakdowns(client: TestClient, history: Runtime, auth: Auth) -> None:
    h = auth(Role.POLICY_MANAGER)
    pk = client.get(
        "/v1/metrics/enforcement", params={**SPAN, "region": "PK", "by": "policy"}, headers=h
    ).json()
    assert {s["key"] for s in pk["slices"]} >= {"harassment", "none"}
    weekly = client.get(
        "/v1/metrics/enforcement",
        params={**SPAN, "region": ["PK", "IN"], "by": "week", "language": "en"},
        headers=h,
    ).json()
    assert len(weekly["slices"]) >= 26
    assert weekly["filters"]["language"] == "en"


def test_csv_export(client: TestClient, history: Runtime, auth: Auth) -> None:
    resp = client.get("/v1/metrics/enforcement.csv", params=SPAN, headers=auth(Role.ANALYST))
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert rows[-1]["key"] == "total"
    assert tuple(rows[0]) == m.FLAT_COLUMNS
    total = sum(int(r["items_processed"]) for r in rows[:-1])
    assert total == int(rows[-1]["items_processed"])


def test_compare_gives_cis_and_a_verdict(client: TestClient, history: Runtime, auth: Auth) -> None:
    resp = client.get(
        "/v1/metrics/compare",
        params={
            "region": ["PK"],
            "before_from": "2026-04-17",
            "before_to": "2026-06-30",
            "after_from": "2026-08-20",
            "after_to": "2026-11-02",
        },
        headers=auth(Role.ANALYST),
    )
    assert resp.status_code == 200, resp.text
    [pk] = resp.json()
    assert pk["verdict"] in {m.IMPROVED, m.WORSE, m.NO_CLEAR_CHANGE}
    for change in pk["changes"]:
        if change["difference"] is not None:
            low, high = change["ci95"]
            assert low <= change["difference"] <= high


def test_trend(client: TestClient, history: Runtime, auth: Auth) -> None:
    resp = client.get(
        "/v1/metrics/trend", params={**SPAN, "period": "month"}, headers=auth(Role.ANALYST)
    )
    assert resp.status_code == 200
    body = resp.json()
    assert len(body["periods"]) == 7
    assert all(len(v) == 7 for v in body["regions"].values())


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"region": "XX"}, "unknown_region"),
        ({"from": "2026-09-01", "to": "2026-08-01"}, "invalid_period"),
        ({"from": "2026-01-01", "to": "2026-12-31", "by": "day"}, "breakdown_too_large"),
        ({"from": "yesterday"}, "invalid_period"),
        ({"by": "colour"}, "invalid_period"),
    ],
)
def test_bad_parameters_are_clear_problems(
    client: TestClient, rt: Runtime, auth: Auth, params: dict[str, str], code: str
) -> None:
    resp = client.get("/v1/metrics/enforcement", params=params, headers=auth(Role.ANALYST))
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == code
    assert resp.json()["detail"]


def test_creator_sees_only_their_own(
    client: TestClient, history: Runtime, creator: str, auth: Auth
) -> None:
    mine = client.get(
        f"/v1/metrics/creators/{creator}", params=SPAN, headers=auth(Role.CREATOR, (creator,))
    )
    assert mine.status_code == 200, mine.text
    other = client.get(
        "/v1/metrics/creators/pk.voices", params=SPAN, headers=auth(Role.CREATOR, (creator,))
    )
    assert other.status_code == 403
    platform = client.get(
        "/v1/metrics/enforcement", params=SPAN, headers=auth(Role.CREATOR, (creator,))
    )
    assert platform.status_code == 403


def test_views_and_dsa_export(client: TestClient, rt: Runtime, creator: str, auth: Auth) -> None:
    out = ingest_comment(
        rt, SYSTEM, NewComment(event_id="v1", creator=creator, text="I will kill you", region="PK")
    )
    resp = client.post(
        "/v1/views",
        json={"comment_id": out.id, "viewed_at": "2026-11-02T09:30:00Z"},
        headers=auth(Role.INTEGRATOR),
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["before_view"] is (out.decision["action"] in m.ENFORCEMENT_ACTIONS)
    missing = client.post(
        "/v1/views",
        json={"comment_id": 999999, "viewed_at": "2026-11-02T09:30:00Z"},
        headers=auth(Role.INTEGRATOR),
    )
    assert missing.status_code == 404
    day = {"from": "2026-11-02", "to": "2026-11-02"}
    stats = client.get("/v1/metrics/enforcement", params=day, headers=auth(Role.ANALYST)).json()
    assert stats["total"]["items_processed"] == 1
    dsa = client.get("/v1/metrics/dsa.jsonl", params=day, headers=auth(Role.ADMIN))
    assert dsa.status_code == 200
    lines = [line for line in dsa.text.splitlines() if line]
    assert len(lines) == (1 if out.decision["action"] in m.ENFORCEMENT_ACTIONS else 0)
