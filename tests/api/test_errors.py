"""Bad input answers a 4xx RFC 9457 problem with a stable code, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hifazat.db.tables import AuditEvent, Comment
from hifazat.services.runtime import Runtime


def _stored(rt: Runtime) -> tuple[int, int]:
    with rt.read() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Comment)) or 0),
            int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0),
        )


def _problem(resp, status: int, code: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body = resp.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"].endswith("/" + code)
    assert body["title"]
    assert body["detail"]
    assert "Traceback" not in resp.text
    return dict(body)


RAW_CASES = [
    ("malformed json", b'{"creator": "zara.lifestyle", "text": ', 400, "malformed_json"),
    ("not an object", b'["a"]', 422, "validation_error"),
    ("wrong type", b'{"creator": "zara.lifestyle", "text": 42}', 422, "validation_error"),
    ("missing field", b'{"creator": "zara.lifestyle"}', 422, "validation_error"),
    (
        "unknown field",
        b'{"creator": "zara.lifestyle", "text": "hi", "x": 1}',
        422,
        "validation_error",
    ),
    ("lone surrogate", b'{"creator": "zara.lifestyle", "text": "a\\ud800b"}', 422, "invalid_text"),
    ("nul byte", b'{"creator": "zara.lifestyle", "text": "a\\u0000b"}', 422, "invalid_text"),
    (
        "bad region",
        b'{"creator": "zara.lifestyle", "text": "hi", "region": "PAK"}',
        422,
        "validation_error",
    ),
    ("unknown creator", b'{"creator": "nobody", "text": "hi"}', 422, "unknown_creator"),
    ("invalid utf-8", b'{"creator": "zara.lifestyle", "text": "\xff\xfe"}', 400, "malformed_json"),
]


@pytest.mark.parametrize(
    ("name", "raw", "status", "code"), RAW_CASES, ids=[c[0] for c in RAW_CASES]
)
def test_bad_comment_bodies(
    client: TestClient,
    rt: Runtime,
    creator: str,
    auth: Callable[..., dict[str, str]],
    name: str,
    raw: bytes,
    status: int,
    code: str,
) -> None:
    headers = {**auth(), "content-type": "application/json"}
    before = _stored(rt)
    _problem(client.post("/v1/comments", content=raw, headers=headers), status, code)
    assert _stored(rt) == before


def test_body_over_64_kib(client: TestClient, rt: Runtime, creator: str, auth) -> None:  # type: ignore[no-untyped-def]
    auth()
    before = _stored(rt)
    big = '{"creator": "zara.lifestyle", "text": "' + "a" * (65 * 1024) + '"}'
    _problem(
        client.post(
            "/v1/comments", content=big, headers={**auth(), "content-type": "application/json"}
        ),
        413,
        "payload_too_large",
    )

    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"creator": "zara.lifestyle", "text": "'
        for _ in range(70):
            yield b"a" * 1024
        yield b'"}'

    _problem(
        client.post(
            "/v1/comments", content=chunks(), headers={**auth(), "content-type": "application/json"}
        ),
        413,
        "payload_too_large",
    )
    assert _stored(rt) == before


def test_auth_problems(client: TestClient, creator: str) -> None:
    _problem(
        client.post("/v1/comments", json={"creator": creator, "text": "hi"}), 401, "unauthenticated"
    )
    _problem(
        client.post(
            "/v1/comments",
            json={"creator": creator, "text": "hi"},
            headers={"Authorization": "Bearer hz_deadbeef_nope"},
        ),
        401,
        "unauthenticated",
    )


def test_unknown_route_and_method(client: TestClient) -> None:
    _problem(client.get("/v1/nothing-here"), 404, "route_not_found")
    _problem(client.delete("/v1/comments"), 405, "method_not_allowed")


def test_unknown_comment_id(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    _problem(client.get("/v1/comments/999999", headers=auth()), 404, "not_found")
    _problem(client.get("/v1/comments/abc", headers=auth()), 422, "validation_error")


def test_event_id_reuse_is_a_conflict(client: TestClient, creator: str, auth) -> None:  # type: ignore[no-untyped-def]
    client.post(
        "/v1/comments", json={"event_id": "e", "creator": creator, "text": "one"}, headers=auth()
    )
    _problem(
        client.post(
            "/v1/comments",
            json={"event_id": "e", "creator": creator, "text": "two"},
            headers=auth(),
        ),
        409,
        "idempotency_conflict",
    )


def test_detect_limits(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    _problem(client.post("/v1/detect", json={"items": []}, headers=auth()), 422, "validation_error")
    _problem(
        client.post("/v1/detect", json={"items": [{"text": "a\u0000"}]}, headers=auth()),
        422,
        "invalid_text",
    )
