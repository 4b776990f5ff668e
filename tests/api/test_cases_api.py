"""The report → case → decision → appeal loop over HTTP, and the problems bad input gets."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi.testclient import TestClient
from sqlalchemy import text

from hifazat.domain.access import Role
from hifazat.domain.dsa import validate
from hifazat.services.runtime import Runtime

if TYPE_CHECKING:
    from conftest import FixedClock

Auth = Callable[..., dict[str, str]]


def _comment(client: TestClient, auth: Auth, creator: str, body: str, event: str) -> int:
    resp = client.post(
        "/v1/comments",
        headers=auth(Role.INTEGRATOR),
        json={"event_id": event, "creator": creator, "text": body, "author": {"id": "u-troll"}},
    )
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


def _report(client: TestClient, auth: Auth, comment_id: int, who: str, reason: str) -> dict:  # type: ignore[type-arg]
    resp = client.post(
        "/v1/reports",
        headers=auth(Role.INTEGRATOR),
        json={
            "subject": {"type": "comment", "id": str(comment_id)},
            "reason": reason,
            "reporter": who,
            "text": "please look",
            "reach": 12000,
        },
    )
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def test_full_loop_over_http(
    client: TestClient, rt: Runtime, creator: str, auth: Auth, clock: FixedClock
) -> None:
    cid = _comment(client, auth, creator, "meri baat suno, tumhara ghar pata hai", "c1")
    first = _report(client, auth, cid, "r1", "threat")
    second = _report(client, auth, cid, "r2", "harassment")
    assert second["case_id"] == first["case_id"]
    assert second["folded"] is True
    case_id = first["case_id"]

    mod = auth(Role.MODERATOR)
    queue = client.get("/v1/queue?lane=priority", headers=mod).json()
    assert case_id in [c["id"] for c in queue["items"]]
    staff_view = client.get(f"/v1/cases/{case_id}", headers=mod).json()
    assert {r["reporter"] for r in staff_view["reports"]} == {"account:r1", "account:r2"}

    creator_view = client.get(f"/v1/cases/{case_id}", headers=auth(Role.CREATOR, (creator,)))
    assert creator_view.status_code == 200
    assert "reports" not in creator_view.json()
    assert "account:r1" not in creator_view.text

    assert client.post(f"/v1/cases/{case_id}/claim", headers=mod).status_code == 200
    other = client.post(f"/v1/cases/{case_id}/claim", headers=auth(Role.SENIOR_MODERATOR))
    assert other.status_code == 409
    assert other.json()["code"] == "case_claimed"
    analyst = client.post(
        f"/v1/cases/{case_id}/decide",
        headers=auth(Role.ANALYST),
        json={"outcome": "remove", "explanation": "x"},
    )
    assert analyst.status_code == 403
    decided = client.post(
        f"/v1/cases/{case_id}/decide",
        headers=mod,
        json={"outcome": "remove", "explanation": "a threat naming her home", "evidence": ["ghar"]},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["statement"]["policy"] == "threat"

    notices = client.get("/v1/notices?recipient=account:u-troll", headers=auth(Role.INTEGRATOR))
    assert notices.json()[0]["kind"] == "decision"
    assert "r1" not in json.dumps(notices.json()[0]["body"])
    standing = client.get("/v1/accounts/u-troll/standing", headers=mod).json()
    assert standing["active_points"] == 3

    appeal = client.post(
        f"/v1/cases/{case_id}/appeals",
        headers=auth(Role.INTEGRATOR),
        json={"text": "I was quoting a film", "appellant": "u-troll"},
    )
    assert appeal.status_code == 201, appeal.text
    inbox = client.get("/v1/inbox", headers=mod).json()
    assert any(i["kind"] == "appeal" for i in inbox)
    upheld = client.post(
        f"/v1/appeals/{appeal.json()['id']}/decide",
        headers=auth(Role.SENIOR_MODERATOR),
        json={"overturn": False, "explanation": "no film has this line"},
    )
    assert upheld.json()["status"] == "upheld"

    mine = client.get("/v1/reports/mine", headers=auth(Role.INTEGRATOR)).json()
    assert {r["outcome"] for r in mine} == {"remove"}

    export = client.get(f"/v1/cases/{case_id}/export", headers=auth(Role.POLICY_MANAGER)).json()
    assert [e["action"] for e in export["audit_events"]][-1] == "appeal.upheld"
    day = clock.now.date()
    dsa = client.get(
        f"/v1/dsa/statements?from={day}T00:00:00Z&to={day}T23:59:59Z",
        headers=auth(Role.POLICY_MANAGER),
    )
    assert dsa.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in dsa.text.splitlines()]
    assert records
    assert all(validate(r) == [] for r in records)


def test_bad_input_gets_clear_problems(
    client: TestClient, rt: Runtime, creator: str, auth: Auth, clock: FixedClock
) -> None:
    integ = auth(Role.INTEGRATOR)
    unknown = client.post(
        "/v1/reports",
        headers=integ,
        json={"subject": {"type": "comment", "id": "424242"}, "reason": "hate", "reporter": "r"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_subject"
    cid = _comment(client, auth, creator, "hello there", "c2")
    bad_reason = client.post(
        "/v1/reports",
        headers=integ,
        json={"subject": {"type": "comment", "id": str(cid)}, "reason": "ugly", "reporter": "r"},
    )
    assert bad_reason.json()["code"] == "unknown_reason"
    case_id = _report(client, auth, cid, "r1", "harassment")["case_id"]
    not_decided = client.post(
        f"/v1/cases/{case_id}/appeals", headers=integ, json={"text": "x", "appellant": "u-troll"}
    )
    assert not_decided.status_code == 409
    client.post(
        f"/v1/cases/{case_id}/decide",
        headers=auth(Role.MODERATOR),
        json={"outcome": "hide", "explanation": "insult"},
    )
    clock.advance(days=20, minutes=1)
    late = client.post(
        f"/v1/cases/{case_id}/appeals", headers=integ, json={"text": "x", "appellant": "u-troll"}
    )
    assert late.status_code == 422
    assert late.json()["code"] == "appeal_window_closed"
    wrong_role = client.post(
        f"/v1/cases/{case_id}/reverse",
        headers=auth(Role.MODERATOR),
        json={"explanation": "x"},
    )
    assert wrong_role.status_code == 403
    assert wrong_role.json()["code"] == "forbidden"
    missing = client.get("/v1/cases/999999", headers=auth(Role.MODERATOR))
    assert missing.json()["code"] == "not_found"


def test_tampering_with_a_case_event_is_detected(
    client: TestClient, rt: Runtime, creator: str, auth: Auth
) -> None:
    cid = _comment(client, auth, creator, "hello there", "c3")
    _report(client, auth, cid, "r1", "harassment")
    admin = auth(Role.ADMIN)
    assert client.get("/v1/audit/verify", headers=admin).json()["ok"] is True
    with rt.transaction() as s:
        s.execute(
            text("UPDATE audit_events SET actor = 'someone:else' WHERE action = 'case.reported'")
        )
    report = client.get("/v1/audit/verify", headers=admin).json()
    assert report["ok"] is False
    assert report["reason"] == "event content was changed"
