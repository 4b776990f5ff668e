"""Dashboard, transparency report and creator dashboard pages (in-process), on both databases."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access
from hifazat.services.demo_history import load_history
from hifazat.services.runtime import Runtime


def _sign_in(
    client: TestClient, username: str, role: Role, subjects: list[str], rt: Runtime
) -> None:
    access.create_user(rt, SYSTEM, username, "a-long-password", role, username, subjects)
    page = client.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    client.post(
        "/signin",
        data={"username": username, "password": "a-long-password", "csrf_token": token.group(1)},
    )


@pytest.fixture
def history(rt: Runtime) -> Runtime:
    load_history(rt, SYSTEM, days=200, events=2000, seed=5)
    return rt


def test_dashboard_in_english_and_urdu(client: TestClient, history: Runtime) -> None:
    _sign_in(client, "bilal", Role.ANALYST, [], history)
    page = client.get("/safety-metrics", params={"from": "2026-04-17", "to": "2026-11-02"})
    assert page.status_code == 200, page.text
    assert page.text.count("<svg") == 4
    assert "Region comparison" in page.text
    assert 'data-testid="comparison"' in page.text
    assert "cdn" not in page.text.lower()
    urdu = client.get("/ur/safety-metrics", params={"region": "PK", "period": "month"})
    assert urdu.status_code == 200
    assert 'dir="rtl"' in urdu.text
    assert "علاقوں کا موازنہ" in urdu.text


def test_dashboard_problems(client: TestClient, history: Runtime) -> None:
    _sign_in(client, "bilal", Role.ANALYST, [], history)
    bad = client.get("/safety-metrics", params={"region": "XX"})
    assert bad.status_code == 422
    assert "unknown_region" in bad.text
    backwards = client.get("/safety-metrics", params={"from": "2026-10-01", "to": "2026-01-01"})
    assert backwards.status_code == 422
    daily = client.get(
        "/safety-metrics", params={"from": "2025-11-03", "to": "2026-11-02", "period": "day"}
    )
    assert daily.status_code == 422
    assert "breakdown_too_large" in daily.text


def test_transparency_report(client: TestClient, history: Runtime) -> None:
    _sign_in(client, "nadia", Role.POLICY_MANAGER, [], history)
    page = client.get("/safety-metrics/report", params={"region": "PK", "quarter": "2026-Q3"})
    assert page.status_code == 200, page.text
    assert "Community Guidelines enforcement report" in page.text
    for part in ("report-policy", "report-language", "report-month"):
        assert f'data-testid="{part}"' in page.text
    assert "2026-07-01" in page.text
    urdu = client.get("/ur/safety-metrics/report", params={"region": "PK", "quarter": "2026-Q3"})
    assert "کمیونٹی رہنما اصولوں کے نفاذ کی رپورٹ" in urdu.text
    assert client.get("/safety-metrics/report", params={"quarter": "2026-Q9"}).status_code == 422


def test_creator_dashboard_is_the_creators_own(client: TestClient, history: Runtime) -> None:
    _sign_in(client, "pk", Role.CREATOR, ["pk.voices"], history)
    page = client.get("/creator/pk.voices/dashboard", params={"from": "2026-04-17"})
    assert page.status_code == 200, page.text
    assert 'data-testid="filed"' in page.text
    filtered = client.get(
        "/creator/pk.voices/dashboard", params={"category": "harassment", "language": "ur"}
    )
    assert filtered.status_code == 200
    assert client.get("/creator/in.voices/dashboard").status_code == 403
    assert client.get("/safety-metrics").status_code == 403
