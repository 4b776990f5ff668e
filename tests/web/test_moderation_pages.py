"""The moderator console and "my reports" through the in-process client, on both databases."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, reports
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "form without CSRF token"
    return found.group(1)


def _sign_in(client: TestClient, username: str) -> str:
    page = client.get("/signin")
    resp = client.post(
        "/signin",
        data={"username": username, "password": "hifazat-demo", "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    return _csrf(client.get("/").text)


def _users(rt: Runtime, creator: str) -> None:
    for name, role, subjects in (
        ("zara", Role.CREATOR, [creator]),
        ("sana", Role.MODERATOR, []),
        ("imran", Role.SENIOR_MODERATOR, []),
        ("bilal", Role.ANALYST, []),
    ):
        access.create_user(rt, SYSTEM, name, "hifazat-demo", role, name.title(), subjects)


def test_creator_reports_moderator_decides_creator_sees_outcome(
    client: TestClient, rt: Runtime, creator: str
) -> None:
    _users(rt, creator)
    out = ingest_comment(rt, SYSTEM, NewComment("p1", creator, "teri shakal dekh ke ulti aati hai"))
    token = _sign_in(client, "zara")
    mine = client.get("/reports/mine")
    assert "teri shakal" in mine.text  # offered in the report form
    resp = client.post(
        "/reports",
        data={"comment_id": str(out.id), "reason": "harassment", "csrf_token": token},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    mine = client.get("/reports/mine?filed=1")
    assert "waiting for review" in mine.text

    client.cookies.clear()
    token = _sign_in(client, "sana")
    queue = client.get("/moderation")
    assert queue.status_code == 200
    assert 'class="blurred"' in queue.text
    assert "Abusive texts you revealed today: 0" in queue.text
    case_id = int(re.search(r'data-case="(\d+)"', queue.text).group(1))  # type: ignore[union-attr]
    page = client.get(f"/moderation/cases/{case_id}")
    assert "creator:" + creator in page.text  # staff see the reporter
    client.post(f"/moderation/cases/{case_id}/reveal", data={"csrf_token": token})
    assert "Abusive texts you revealed today: 1" in client.get("/moderation").text
    decided = client.post(
        f"/moderation/cases/{case_id}/decide",
        data={
            "outcome": "hide",
            "explanation": "insult",
            "category": "harassment",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert "insult" in client.get(f"/moderation/cases/{case_id}").text

    client.cookies.clear()
    _sign_in(client, "zara")
    mine = client.get("/reports/mine")
    assert "hidden" in mine.text
    creator_case = client.get(f"/moderation/cases/{case_id}")
    assert creator_case.status_code == 200
    assert "creator:" + creator not in creator_case.text.replace(f"/creator/{creator}", "")
    token = _csrf(mine.text)
    appealed = client.post(
        f"/reports/{case_id}/appeal",
        data={"text": "it was worse than hiding", "csrf_token": token},
        follow_redirects=False,
    )
    assert appealed.status_code == 303
    mine = client.get("/reports/mine?appealed=1")
    assert "Appeal sent." in mine.text
    assert "appealed" in mine.text or "appeal under review" in mine.text


def test_bulk_decide_and_roles(client: TestClient, rt: Runtime, creator: str) -> None:
    _users(rt, creator)
    ids = []
    for i in range(3):
        out = ingest_comment(rt, SYSTEM, NewComment(f"b{i}", creator, f"raid comment {i}"))
        ids.append(
            reports.file_report(
                rt, SYSTEM, reports.NewReport("comment", str(out.id), "harassment")
            ).case_id
        )
    token = _sign_in(client, "sana")
    resp = client.post(
        "/moderation/bulk",
        data={
            "case_id": [str(i) for i in ids],
            "outcome": "remove",
            "explanation": "raid",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303
    assert "Decided 3 cases." in client.get(resp.headers["location"]).text
    client.cookies.clear()
    _sign_in(client, "bilal")
    assert client.get("/moderation").status_code == 403  # analysts read metrics, not cases


def test_console_in_urdu_is_rtl(client: TestClient, rt: Runtime, creator: str) -> None:
    _users(rt, creator)
    token = _sign_in(client, "imran")
    saved = client.post(
        "/moderation/queues",
        data={"name": "Urdu threats", "lane": "priority", "language": "ur", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "Urdu threats" in client.get(saved.headers["location"]).text
    page = client.get("/ur/moderation")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    assert "جائزے کی قطار" in page.text
