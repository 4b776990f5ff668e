"""Numbers beyond what the database stores: a 422 problem naming the field (or, past the schema,
``number_out_of_range``), never a 500, and nothing stored."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from hifazat.domain.access import Role

HUGE = 2**70


def _comment(client: TestClient, h: dict[str, str], creator: str) -> int:
    r = client.post("/v1/comments", headers=h, json={"creator": creator, "text": "nice video"})
    assert r.status_code == 201, r.text
    cid: int = r.json()["id"]
    return cid


def test_schema_bounds_name_the_field(
    client: TestClient, auth: Callable[..., dict[str, str]], creator: str
) -> None:
    h = auth(Role.ADMIN)
    cid = _comment(client, h, creator)
    r = client.post(
        "/v1/views", headers=h, json={"comment_id": HUGE, "viewed_at": "2026-11-02T10:00:00Z"}
    )
    assert r.status_code == 422
    assert r.json()["code"] == "validation_error"
    assert "comment_id" in r.json()["detail"]
    r = client.post(
        "/v1/reports",
        headers=h,
        json={
            "subject": {"type": "comment", "id": str(cid)},
            "reason": "harassment",
            "reach": HUGE,
        },
    )
    assert r.status_code == 422
    assert r.json()["code"] == "validation_error"
    assert "reach" in r.json()["detail"]


def test_a_number_the_database_cannot_hold_is_a_problem_and_stores_nothing(
    client: TestClient, auth: Callable[..., dict[str, str]]
) -> None:
    h = auth(Role.ANALYST)
    from hifazat.services.surveys import builtin_instrument_files

    r = client.post(
        "/v1/surveys/instruments", headers=h, json={"definition": builtin_instrument_files()[0]}
    )
    assert r.status_code == 201, r.text
    before = client.get("/v1/surveys/campaigns", headers=h).json()
    r = client.post(
        "/v1/surveys/campaigns",
        headers=h,
        json={"name": "pre", "region": "PK", "period": "2026-11", "session_id": HUGE},
    )
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "number_out_of_range"
    assert r.headers["content-type"].startswith("application/problem+json")
    assert client.get("/v1/surveys/campaigns", headers=h).json() == before
