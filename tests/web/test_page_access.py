"""Every page that needs a signed-in user redirects anyone else; typed errors render a page."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from hifazat.api.app import WEB_ROUTERS
from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access
from hifazat.web.pages import signed_in


def _needs_sign_in(route: APIRoute) -> bool:
    return any(d.call is signed_in for d in route.dependant.dependencies)


def _guarded_routes() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for router in WEB_ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute) and _needs_sign_in(route):
                path = re.sub(r"\{[^}]+\}", "1", route.path)
                found.extend((method, path) for method in sorted(route.methods))
    return found


def test_pages_that_need_a_user_are_many() -> None:
    assert len(_guarded_routes()) >= 30


def test_signed_out_requests_are_redirected_to_sign_in(client: TestClient) -> None:
    for method, path in _guarded_routes():
        for prefix, target in (("", "/signin"), ("/ur", "/ur/signin")):
            resp = client.request(method, prefix + path, follow_redirects=False)
            assert resp.status_code == 303, (method, prefix + path, resp.status_code)
            assert resp.headers["location"] == target, (method, path)


def test_a_typed_error_on_a_page_is_an_error_page(client: TestClient, rt) -> None:  # type: ignore[no-untyped-def]
    access.create_user(rt, SYSTEM, "zara", "correct-horse", Role.CREATOR, "Zara", [])
    page = client.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    client.post(
        "/signin",
        data={"username": "zara", "password": "correct-horse", "csrf_token": token.group(1)},
    )
    resp = client.get("/creator/nobody-by-this-name/controls")
    assert resp.status_code in (403, 404)
    assert resp.headers["content-type"].startswith("text/html")
    assert "<html" in resp.text
    api = client.get("/v1/creators/nobody-by-this-name")
    assert api.headers["content-type"].startswith("application/problem+json")
