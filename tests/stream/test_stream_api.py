"""POST /v1/events without NATS (the `make run` default): processed in-process; /metrics."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from hifazat.domain.access import Role


def comment(i: int, creator: str, text: str = "bohat acha video") -> dict[str, object]:
    return {"id": f"api-{i}", "type": "comment_created", "data": {"creator": creator, "text": text}}


def test_events_in_process_then_replayed(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    batch = [
        comment(1, creator),
        {
            **comment(2, creator, "tu kutta hai behenchod"),
            "data": {
                "creator": creator,
                "text": "tu kutta hai behenchod",
                "author": {"id": "troll"},
            },
        },
        {
            "id": "api-3",
            "type": "report_filed",
            "data": {
                "subject": {"type": "account", "id": "troll"},
                "reason": "harassment",
                "reporter": "u-9",
            },
        },
        comment(4, "nobody"),
    ]
    r = client.post("/v1/events", json={"events": batch}, headers=auth(Role.INTEGRATOR))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mode"] == "in_process"
    statuses = [x["status"] for x in body["results"]]
    assert statuses == ["decided", "decided", "recorded", "rejected"]
    assert body["results"][1]["decision"]["action"] != "allow"
    assert body["results"][3]["error"]["code"] == "unknown_creator"
    again = client.post("/v1/events", json={"events": batch}, headers=auth(Role.INTEGRATOR)).json()
    assert all(x["replayed"] for x in again["results"])
    assert [x["decision"] for x in again["results"]] == [x["decision"] for x in body["results"]]


def test_events_refuse_bad_envelopes_and_roles(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    r = client.post(
        "/v1/events",
        json={"events": [{"id": "x", "type": "nonsense", "data": {}}]},
        headers=auth(Role.INTEGRATOR),
    )
    assert r.status_code == 422
    assert r.json()["code"] == "validation_error"
    r = client.post(
        "/v1/events", json={"events": [comment(1, creator)]}, headers=auth(Role.MODERATOR)
    )
    assert r.status_code == 403


def test_metrics_are_prometheus_text(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    client.post("/v1/events", json={"events": [comment(9, creator)]}, headers=auth(Role.INTEGRATOR))
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = r.text
    assert "# TYPE hifazat_events_in_total counter" in text
    assert 'hifazat_events_in_total{path="api",type="comment_created"}' in text
    assert "# TYPE hifazat_publish_to_decision_seconds histogram" in text
    assert 'hifazat_publish_to_decision_seconds_bucket{le="+Inf"}' in text


def test_webhooks_register_list_delete(
    client: TestClient, auth: Callable[..., dict[str, str]]
) -> None:
    h = auth(Role.INTEGRATOR)
    r = client.post("/v1/webhooks", json={"url": "https://example.org/hook"}, headers=h)
    assert r.status_code == 201, r.text
    assert len(r.json()["secret"]) >= 32
    listed = client.get("/v1/webhooks", headers=h).json()
    assert [w["url"] for w in listed] == ["https://example.org/hook"]
    assert listed[0]["secret"] is None
    assert client.delete(f"/v1/webhooks/{r.json()['id']}", headers=h).status_code == 204
    assert client.get("/v1/webhooks", headers=h).json()[0]["active"] is False
    bad = client.post("/v1/webhooks", json={"url": "ftp://example.org/x"}, headers=h)
    assert bad.status_code == 422


def test_an_integer_beyond_64_bits_refuses_the_batch_and_stores_nothing(
    client: TestClient, creator: str, auth: Callable[..., dict[str, str]]
) -> None:
    huge = 2**70
    view = {
        "id": "api-view",
        "type": "content_viewed",
        "data": {"creator": creator, "comment_id": huge, "viewed_at": "2026-11-02T10:00:00Z"},
    }
    extra = {**comment(2, creator), "data": {"creator": creator, "text": "hi", "n": [1, -huge]}}
    for bad in (view, extra):
        r = client.post(
            "/v1/events", json={"events": [comment(1, creator), bad]}, headers=auth(Role.INTEGRATOR)
        )
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "validation_error"
        assert "integers must lie within" in r.json()["detail"]
    ok = client.post(
        "/v1/events", json={"events": [comment(1, creator)]}, headers=auth(Role.INTEGRATOR)
    )
    assert ok.status_code == 200, ok.text
    assert [e["replayed"] for e in ok.json()["results"]] == [
        False
    ]  # the refused batches left nothing
