"""Web pages through the in-process client: sign-in, CSRF, language, the creator page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "form without CSRF token"
    return found.group(1)


def _sign_in(client: TestClient, username: str, password: str) -> None:
    page = client.get("/signin")
    resp = client.post(
        "/signin",
        data={"username": username, "password": password, "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text


def test_sign_in_and_see_own_decisions(client: TestClient, rt: Runtime, creator: str) -> None:
    access.create_user(rt, SYSTEM, "zara", "correct-horse", Role.CREATOR, "Zara", [creator])
    ingest_comment(rt, SYSTEM, NewComment("w1", creator, "tu kutta hai"))
    ingest_comment(rt, SYSTEM, NewComment("w2", creator, "Love this look!"))
    _sign_in(client, "zara", "correct-horse")
    page = client.get(f"/creator/{creator}")
    assert page.status_code == 200
    assert "Love this look!" in page.text
    assert "tu kutta hai" in page.text  # behind a <details> reveal
    assert 'dir="ltr"' in page.text


def test_wrong_password_is_refused(client: TestClient, rt: Runtime) -> None:
    access.create_user(rt, SYSTEM, "zara", "correct-horse", Role.CREATOR, "Zara", [])
    page = client.get("/signin")
    resp = client.post(
        "/signin",
        data={"username": "zara", "password": "nope-nope", "csrf_token": _csrf(page.text)},
    )
    assert resp.status_code == 401
    assert "Wrong username or password." in resp.text


def test_form_without_csrf_token_is_refused(client: TestClient, rt: Runtime) -> None:
    access.create_user(rt, SYSTEM, "zara", "correct-horse", Role.CREATOR, "Zara", [])
    client.get("/signin")
    resp = client.post("/signin", data={"username": "zara", "password": "correct-horse"})
    assert resp.status_code == 403
    assert "csrf_failed" in resp.text  # the error page names the problem


def test_urdu_is_right_to_left(client: TestClient) -> None:
    for path in ("/ur/signin", "/signin?lang=ur"):
        page = client.get(path)
        assert page.status_code == 200
        assert '<html lang="ur" dir="rtl">' in page.text
        assert "سائن اِن" in page.text


def test_creator_cannot_open_another_creators_page(
    client: TestClient, rt: Runtime, creator: str
) -> None:
    access.create_user(rt, SYSTEM, "ali", "correct-horse", Role.CREATOR, "Ali", ["ali.cook"])
    _sign_in(client, "ali", "correct-horse")
    page = client.get(f"/creator/{creator}")
    assert page.status_code == 403


def test_keyword_form_saves(client: TestClient, rt: Runtime, creator: str) -> None:
    access.create_user(rt, SYSTEM, "zara", "correct-horse", Role.CREATOR, "Zara", [creator])
    _sign_in(client, "zara", "correct-horse")
    page = client.get(f"/creator/{creator}")
    resp = client.post(
        f"/creator/{creator}/keywords",
        data={"keywords": "moti\nbadtameez", "csrf_token": _csrf(page.text)},
        follow_redirects=True,
    )
    assert resp.status_code == 200
    assert "badtameez" in resp.text
    assert "Saved." in resp.text
