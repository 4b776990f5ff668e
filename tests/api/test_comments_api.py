"""POST/GET /v1/comments and POST /v1/detect through the in-process client."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from hifazat.domain.access import Role


def test_post_comment_decides_and_replays(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    body = {
        "event_id": "evt-1",
        "creator": creator,
        "text": "tu kutta hai, ghar se bahar nikli to dekh lena",
        "author": {"id": "u-9", "handle": "troll9"},
        "content_id": "v-1",
        "region": "pk",
    }
    first = client.post("/v1/comments", json=body, headers=auth())
    assert first.status_code == 201, first.text
    data = first.json()
    assert data["decision"]["action"] in {"hide", "hold", "remove"}
    assert data["region"] == "PK"
    assert data["signal"]["abusive"] is True
    assert data["decision"]["statement_of_reasons"]["grounds"]
    again = client.post("/v1/comments", json=body, headers=auth())
    assert again.status_code == 200
    assert again.json()["id"] == data["id"]
    assert again.json()["replayed"] is True
    got = client.get(f"/v1/comments/{data['id']}", headers=auth())
    assert got.status_code == 200
    assert got.json()["decision"] == data["decision"]


def test_creator_reads_own_comment_not_others(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    posted = client.post("/v1/comments", json={"creator": creator, "text": "nice"}, headers=auth())
    cid = posted.json()["id"]
    own = client.get(f"/v1/comments/{cid}", headers=auth(Role.CREATOR, (creator,)))
    assert own.status_code == 200
    other = client.get(f"/v1/comments/{cid}", headers=auth(Role.CREATOR, ("someone.else",)))
    assert other.status_code == 403
    assert other.json()["code"] == "forbidden"


def test_detect_returns_signals_in_order_and_stores_nothing(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    items = [
        {"id": "a", "text": "What a lovely recipe!"},
        {"id": "b", "text": "bakwas band kar, tu kutta hai"},
        {"text": "😀😀😀"},
    ]
    resp = client.post("/v1/detect", json={"items": items}, headers=auth(Role.ANALYST))
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [r["id"] for r in results] == ["a", "b", None]
    assert results[0]["abusive"] is False
    assert results[1]["abusive"] is True
    assert set(results[0]) == {
        "id",
        "language",
        "abusive",
        "score",
        "categories",
        "labels",
        "evidence",
    }
    listing = client.get(f"/v1/creators/{creator}/decisions", headers=auth(Role.ADMIN))
    assert listing.json() == []


def test_keywords_round_trip_and_apply(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    me = auth(Role.CREATOR, (creator,))
    put = client.put(
        f"/v1/creators/{creator}/keywords", json={"keywords": ["moti", "  "]}, headers=me
    )
    assert put.status_code == 200
    assert put.json() == {"keywords": ["moti"]}
    assert client.get(f"/v1/creators/{creator}/keywords", headers=me).json() == {
        "keywords": ["moti"]
    }
    posted = client.post(
        "/v1/comments", json={"creator": creator, "text": "kitni m0tiiii ho"}, headers=auth()
    )
    assert posted.json()["decision"]["action"] == "hold"


def test_health_endpoints(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/v1/comments" in spec["paths"]
