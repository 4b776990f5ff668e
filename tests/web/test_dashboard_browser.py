"""Real Chromium: the safety dashboard in English and Urdu, the report printed to PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access
from hifazat.services.demo_history import load_history
from hifazat.services.runtime import Runtime


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "hifazat-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_dashboard_report_and_creator_dashboard(
    live_server: str, page: Any, sqlite_rt: Runtime, screenshots: Path
) -> None:
    rt = sqlite_rt
    load_history(rt, SYSTEM, days=365, events=6000, seed=6)
    access.create_user(rt, SYSTEM, "bilal", "hifazat-demo", Role.ANALYST, "Bilal (analyst)", [])
    access.create_user(rt, SYSTEM, "pk", "hifazat-demo", Role.CREATOR, "PK Voices", ["pk.voices"])
    _sign_in(page, live_server, "bilal")

    page.goto(f"{live_server}/safety-metrics")
    assert page.locator("[data-testid=metrics-dashboard]").is_visible()
    assert page.locator("svg.chart").count() == 4
    box = page.locator("[data-testid=chart-trend] svg").bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert page.locator("[data-testid=comparison] tbody tr").count() == 6
    assert "improved" in page.locator("[data-testid=comparison]").inner_text()
    page.screenshot(path=str(screenshots / "metrics-dashboard-en.png"), full_page=True)

    page.click("[data-testid=lang-toggle]")
    page.wait_for_url(f"{live_server}/ur/safety-metrics")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "علاقوں کا موازنہ" in page.content()
    # charts keep numbers left-to-right inside a right-to-left page
    svg_dir = page.evaluate("getComputedStyle(document.querySelector('svg.chart')).direction")
    assert svg_dir == "ltr"
    shot = screenshots / "metrics-dashboard-ur.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000

    page.goto(f"{live_server}/safety-metrics/report?region=PK&quarter=2026-Q3")
    assert page.locator("[data-testid=transparency-report]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    pdf = screenshots / "transparency-report-PK-2026-Q3.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000
    page.emulate_media(media="screen")
    page.goto(f"{live_server}/ur/safety-metrics/report?region=PK&quarter=2026-Q3")
    page.screenshot(path=str(screenshots / "transparency-report-ur.png"), full_page=True)

    page.context.clear_cookies()
    _sign_in(page, live_server, "pk")
    page.goto(f"{live_server}/creator/pk.voices/dashboard?from=2026-05-01&to=2026-11-02")
    assert page.locator("[data-testid=creator-dashboard]").is_visible()
    assert page.locator("[data-testid=by-category] tbody tr").count() >= 2
    page.screenshot(path=str(screenshots / "creator-dashboard-en.png"), full_page=True)
    page.goto(f"{live_server}/ur/creator/pk.voices/dashboard?language=ur")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=str(screenshots / "creator-dashboard-ur.png"), full_page=True)
