"""Support pages through the in-process client, in English and Urdu."""

from __future__ import annotations

import re
from typing import Any as FixedClock

import pytest
from fastapi.testclient import TestClient

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access
from hifazat.services.runtime import Runtime
from support_seed import seed_abuse, seed_creator, seed_partner


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "form without CSRF token"
    return found.group(1)


def _sign_in(client: TestClient, username: str) -> None:
    page = client.get("/signin")
    resp = client.post(
        "/signin",
        data={"username": username, "password": "hifazat-demo", "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_public_safety_center_guides_and_helplines(client: TestClient, prefix: str) -> None:
    center = client.get(f"{prefix}/support")
    assert center.status_code == 200
    assert center.text.count('href="' + prefix + "/support/guides/") >= 8
    hits = client.get(f"{prefix}/support", params={"q": "StopNCII"})
    assert "/support/guides/sextortion" in hits.text
    guide = client.get(f"{prefix}/support/guides/legal-routes")
    assert "1799" in guide.text
    assert ("PECA" in guide.text) or ("پیکا" in guide.text)
    lines = client.get(f"{prefix}/helplines", params={"country": "PK", "issue": "sextortion"})
    assert lines.status_code == 200
    assert 'href="tel:1799"' in lines.text
    assert "0800-39393" in lines.text
    old = lines.text.split('data-testid="old-numbers"')[1]
    assert "<s>9911</s>" in old
    assert 'href="tel:9911"' not in lines.text
    assert "Rozan" not in lines.text  # unverified lead
    bad = client.get(f"{prefix}/helplines", params={"country": "ZZ"})
    assert bad.status_code == 422
    assert "helpline-error" in bad.text


def test_whatsapp_links_and_emergency_first(client: TestClient) -> None:
    page = client.get("/helplines", params={"country": "PK"})
    assert "https://wa.me/923013249539" in page.text
    first = re.search(r'data-testid="helpline" data-id="([^"]+)"', page.text)
    assert first
    assert first.group(1) == "pk_police_emergency_15_punjab"


def test_creator_pages_plan_evidence_share_and_partner(
    client: TestClient, rt: Runtime, clock: FixedClock
) -> None:
    handle = seed_creator(rt)
    ids = seed_abuse(rt, handle, clock)
    seed_partner(rt)
    access.create_user(rt, SYSTEM, "sana", "hifazat-demo", Role.CREATOR, "Sana", [handle])
    access.create_user(rt, SYSTEM, "drf", "hifazat-demo", Role.PARTNER, "DRF", ["drf"])
    _sign_in(client, "sana")
    page = client.get(f"/ur/creator/{handle}/safety-plan")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    resp = client.post(
        f"/creator/{handle}/safety-plan",
        data={"csrf_token": _csrf(page.text), "niche": "activist", "concerns": ["doxxed"]},
        follow_redirects=True,
    )
    assert 'data-testid="recommendations"' in resp.text
    plan_id = re.search(r"/safety-plan/(\d+)/filter_strict", resp.text)
    assert plan_id
    applied = client.post(
        f"/creator/{handle}/safety-plan/{plan_id.group(1)}/filter_strict",
        data={"csrf_token": _csrf(resp.text), "do": "apply"},
        follow_redirects=True,
    )
    assert 'data-rec="filter_strict" data-status="applied"' in applied.text

    ev = client.get(f"/creator/{handle}/evidence")
    made = client.post(
        f"/creator/{handle}/evidence",
        data={"csrf_token": _csrf(ev.text), "comment": [str(ids[0]), str(ids[1])], "title": "T"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    doc = client.get(made.headers["location"])
    assert "tujhe jaan se maar denge" in doc.text
    assert 'data-testid="bundle-hash"' in doc.text
    pack_id = made.headers["location"].rsplit("/", 1)[1]
    data = client.get(f"/evidence/{pack_id}/json").json()
    assert len(data["items"]) == 2
    assert [c["action"] for c in data["custody"]][-1] == "exported_json"

    esc = client.get(f"/creator/{handle}/escalations")
    no_consent = client.post(
        f"/creator/{handle}/escalations",
        data={"csrf_token": _csrf(esc.text), "partner": "drf", "pack": pack_id},
    )
    assert no_consent.status_code == 422
    shared = client.post(
        f"/creator/{handle}/escalations",
        data={"csrf_token": _csrf(esc.text), "partner": "drf", "pack": pack_id, "consent": "yes"},
        follow_redirects=True,
    )
    assert 'data-status="shared"' in shared.text

    client.cookies.clear()
    _sign_in(client, "drf")
    inbox = client.get("/partner")
    case = re.search(r"/partner/escalations/(\d+)", inbox.text)
    assert case
    detail = client.get(case.group(0))
    assert client.get(f"/evidence/{pack_id}").status_code == 200
    client.post(
        f"{case.group(0)}/status",
        data={"csrf_token": _csrf(detail.text), "status": "in_progress", "note": "on it"},
    )
    assert client.get(f"/creator/{handle}/safety-plan").status_code == 403

    client.cookies.clear()
    _sign_in(client, "sana")
    mine = client.get(f"/creator/{handle}/escalations")
    assert 'data-status="in_progress"' in mine.text
    assert "on it" in mine.text
    client.post(f"/escalations/{case.group(1)}/withdraw", data={"csrf_token": _csrf(mine.text)})
    client.cookies.clear()
    _sign_in(client, "drf")
    assert f"/partner/escalations/{case.group(1)}" not in client.get("/partner").text
    assert client.get(case.group(0)).status_code == 410
    assert client.get(f"/evidence/{pack_id}").status_code == 404


def test_digest_page_masks_phrases(client: TestClient, rt: Runtime, clock: FixedClock) -> None:
    handle = seed_creator(rt)
    seed_abuse(rt, handle, clock)
    access.create_user(rt, SYSTEM, "sana", "hifazat-demo", Role.CREATOR, "Sana", [handle])
    _sign_in(client, "sana")
    page = client.get(f"/ur/creator/{handle}/digest", params={"days": 30})
    assert page.status_code == 200
    phrases = page.text.split('data-testid="phrases"')[1].split("</ul>")[0]
    assert "•" in phrases
    assert "kutta" not in phrases


def test_admin_sees_directory_problems(client: TestClient, rt: Runtime) -> None:
    access.create_user(rt, SYSTEM, "root", "hifazat-demo", Role.ADMIN, "Admin", [])
    _sign_in(client, "root")
    page = client.get("/helplines", params={"country": "PK"})
    assert 'data-testid="directory-problems"' in page.text
    assert "pk_umang_helpline" in page.text
