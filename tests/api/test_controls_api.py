"""HTTP: guidelines, rules (check, backtest, publish), creator controls, held comments and bulk
actions, nudges — with located, clear errors for malformed rules or controls."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from hifazat.domain.access import Role

H = Callable[..., dict[str, str]]
GOOD = "rules:\n  - {id: young, when: 'author.account_age_days < 7 and score.max >= 0.3', action: hold, priority: 50}\n"
BAD = "rules:\n  - id: x\n    when: score.harasment >= 0.5\n    action: hid\n"


def post(
    client: TestClient, auth: H, creator: str, text: str, **extra: object
) -> dict[str, object]:
    r = client.post(
        "/v1/comments",
        headers=auth(Role.INTEGRATOR),
        json={"creator": creator, "text": text, **extra},
    )
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    return body


def test_guidelines_read_in_both_languages(client: TestClient, auth: H) -> None:
    en = client.get("/v1/guidelines", headers=auth(Role.PARTNER, ("ngo",))).json()
    ur = client.get("/v1/guidelines?lang=ur", headers=auth(Role.CREATOR, ("x",))).json()
    assert en["version"] == ur["version"] == "2026.11.1"
    assert en["policies"][0]["title"] == "Harassment and bullying"
    assert ur["policies"][0]["title"] == "ہراسانی اور دھونس"
    check = client.post(
        "/v1/guidelines/check", headers=auth(Role.POLICY_MANAGER), json={"source": "version: 1\n"}
    ).json()
    assert check["ok"] is False
    assert check["problems"][0]["line"] == 1


def test_rules_check_backtest_publish(client: TestClient, auth: H, creator: str) -> None:
    pm = auth(Role.POLICY_MANAGER)
    bad = client.post("/v1/rules/check", headers=pm, json={"source": BAD}).json()
    assert bad["ok"] is False
    assert [(p["line"], p["column"]) for p in bad["problems"]] == [(3, 11), (4, 13)]
    assert bad["problems"][0]["hint"] == "did you mean 'score.harassment'?"
    refused = client.put("/v1/rules", headers=pm, json={"source": BAD})
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_rules"
    assert "3:11" in refused.json()["detail"]
    post(
        client,
        auth,
        creator,
        "tu kutta hai",
        author={"id": "a1", "created_at": "2026-11-01T00:00:00Z"},
    )
    dry = client.post(
        "/v1/rules/backtest", headers=auth(Role.ANALYST), json={"source": GOOD, "days": 7}
    ).json()
    assert dry["comments"] == 1
    assert dry["matches_by_rule"] == {"young": 1}
    published = client.put("/v1/rules", headers=pm, json={"source": GOOD, "note": "first"})
    assert published.status_code == 200
    assert published.json()["rule_count"] == 1
    assert client.get("/v1/rules", headers=auth(Role.MODERATOR)).json()["version"] == 1


def test_controls_round_trip_and_errors(client: TestClient, auth: H, creator: str) -> None:
    me = auth(Role.CREATOR, (creator,))
    url = f"/v1/creators/{creator}/controls"
    body = {
        "filter_levels": {"harassment": "strict", "profanity": "high"},
        "keywords": ["moti", "بھینس"],
        "allow_list": ["bestie"],
        "who_may_comment": "followers",
        "hold_new_accounts_days": 7,
    }
    saved = client.put(url, headers=me, json=body)
    assert saved.status_code == 200, saved.text
    assert client.get(url, headers=auth(Role.MODERATOR)).json()["keywords"] == ["moti", "بھینس"]
    wrong = client.put(url, headers=me, json={"filter_levels": {"harassment": "max"}, "colour": 1})
    assert wrong.status_code == 422
    fields = {e["field"] for e in wrong.json()["errors"]}
    assert fields == {"filter_levels.harassment", "colour"}
    semantic = client.put(url, headers=me, json={"filter_levels": {"harasment": "high"}})
    assert semantic.json()["code"] == "invalid_controls"
    assert "did you mean 'harassment'?" in semantic.json()["detail"]
    other = client.put(url, headers=auth(Role.CREATOR, ("someone.else",)), json=body)
    assert other.status_code == 403


def test_held_bulk_and_undo(client: TestClient, auth: H, creator: str) -> None:
    me = auth(Role.CREATOR, (creator,))
    client.put(f"/v1/creators/{creator}/controls", headers=me, json={"keywords": ["moti"]})
    for i in range(3):
        post(client, auth, creator, f"kitni m0ti {i}", author={"id": f"a{i}"})
    held = client.get(f"/v1/creators/{creator}/held", headers=me).json()
    assert len(held) == 3
    assert "keyword" in held[0]["explanation"]
    done = client.post(
        f"/v1/creators/{creator}/bulk",
        headers=me,
        json={"action": "approve", "comment_ids": [h["id"] for h in held]},
    )
    assert done.status_code == 201
    assert client.get(f"/v1/creators/{creator}/held", headers=me).json() == []
    undo = client.post(f"/v1/creators/{creator}/bulk/{done.json()['id']}/undo", headers=me)
    assert undo.json()["restored"] == 3
    again = client.post(f"/v1/creators/{creator}/bulk/{done.json()['id']}/undo", headers=me)
    assert again.json()["code"] == "already_undone"
    too_many = client.post(
        f"/v1/creators/{creator}/bulk",
        headers=me,
        json={"action": "approve", "comment_ids": list(range(1001))},
    )
    assert too_many.status_code == 422


def test_nudge_and_safety_mode(client: TestClient, auth: H, creator: str) -> None:
    app = auth(Role.INTEGRATOR)
    n = client.post("/v1/nudge", headers=app, json={"text": "tu kutta hai", "creator": creator})
    assert n.status_code == 200
    body = n.json()
    assert body["show"] is True
    assert body["message"]["en"].startswith("Your comment may break")
    out = client.post(
        f"/v1/nudge/{body['token']}/outcome", headers=app, json={"outcome": "abandoned"}
    )
    assert out.status_code == 200
    stats = client.get("/v1/nudge/stats", headers=auth(Role.POLICY_MANAGER)).json()
    assert stats["outcomes"]["abandoned"] == 1
    me = auth(Role.CREATOR, (creator,))
    on = client.put(
        f"/v1/creators/{creator}/safety-mode", headers=me, json={"on": True, "hours": 1}
    )
    assert on.json()["status"] == "active"
    held = post(client, auth, creator, "hello", author={"id": "stranger", "follows_creator": False})
    assert held["status"] == "held"
    off = client.put(f"/v1/creators/{creator}/safety-mode", headers=me, json={"on": False})
    assert off.json()["status"] == "ended"
    assert off.json()["held"] == 1
