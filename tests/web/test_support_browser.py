"""Real Chromium, in English and Urdu: from "I am being harassed" to a safety plan, applied
controls, an evidence pack and a consented hand-off; the partner sees and updates only that."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access
from hifazat.services.runtime import Runtime
from support_seed import seed_abuse, seed_creator, seed_partner


def _sign_in(page: Any, base: str, prefix: str, username: str) -> None:
    page.goto(f"{base}{prefix}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "hifazat-demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_harassed_creator_to_consented_handoff_and_partner_update(
    live_server: str,
    page: Any,
    browser: Any,
    sqlite_rt: Runtime,
    clock: Any,
    screenshots: Path,
    lang: str,
) -> None:
    rt, base = sqlite_rt, live_server
    prefix = "/ur" if lang == "ur" else ""
    handle = seed_creator(rt)
    seed_abuse(rt, handle, clock)
    seed_partner(rt, "drf")
    seed_partner(rt, "other")
    access.create_user(rt, SYSTEM, "sana", "hifazat-demo", Role.CREATOR, "Sana", [handle])
    access.create_user(rt, SYSTEM, "drf", "hifazat-demo", Role.PARTNER, "DRF", ["drf"])
    access.create_user(rt, SYSTEM, "other", "hifazat-demo", Role.PARTNER, "Other", ["other"])

    _sign_in(page, base, prefix, "sana")
    page.click("[data-testid=nav-support]")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")
    assert page.locator("[data-testid=harassed]").is_visible()
    page.click("[data-testid=start-plan]")
    page.check("[data-testid=concern-doxxed]")
    page.check("[data-testid=concern-distress]")
    page.click("[data-testid=make-plan]")
    recs = page.locator("[data-testid=recommendations] li")
    assert recs.count() >= 6
    assert recs.first.get_attribute("data-rec") == "urgent_help"
    page.click("[data-testid=apply-filter_strict]")
    page.wait_for_selector("[data-rec=filter_strict][data-status=applied]")
    page.click("[data-testid=apply-safety_mode]")
    page.wait_for_selector("[data-rec=safety_mode][data-status=applied]")
    page.screenshot(path=str(screenshots / f"safety-plan-{lang}.png"), full_page=True)

    page.goto(f"{base}{prefix}/creator/{handle}/evidence")
    page.check("[data-testid=pileon-1]")
    page.click("[data-testid=make-pack]")
    page.wait_for_selector("[data-testid=evidence-document]")
    assert page.locator("[data-testid=items] tbody tr").count() == 6
    assert len(page.inner_text("[data-testid=bundle-hash]").strip()) == 64
    page.screenshot(path=str(screenshots / f"evidence-pack-{lang}.png"), full_page=True)

    page.click("[data-testid=share-pack]")
    page.select_option("[data-testid=partner]", "drf")
    page.click("[data-testid=share]")  # no consent ticked: refused with a clear answer
    assert "consent" in page.content().lower() or "رضامندی" in page.content()
    page.go_back()
    page.select_option("[data-testid=partner]", "drf")
    page.check("[data-testid=consent]")
    page.click("[data-testid=share]")
    page.wait_for_selector("[data-testid=escalation][data-status=shared]")

    partner = browser.new_context(locale="en-GB").new_page()
    _sign_in(partner, base, prefix, "other")
    partner.goto(f"{base}{prefix}/partner")
    assert partner.locator("[data-testid=shared-cases] a").count() == 0
    _sign_out_and_in(partner, base, prefix, "drf")
    partner.goto(f"{base}{prefix}/partner")
    partner.click("[data-testid=shared-cases] a")
    partner.click("[data-testid=open-pack]")
    partner.wait_for_selector("[data-testid=evidence-document]")
    partner.go_back()
    partner.select_option("[data-testid=status]", "in_progress")
    partner.fill("textarea[name=note]", "We are on it")
    partner.click("[data-testid=send-status]")
    partner.wait_for_load_state()
    partner.screenshot(path=str(screenshots / f"partner-case-{lang}.png"), full_page=True)

    page.goto(f"{base}{prefix}/creator/{handle}/escalations")
    assert page.locator("[data-testid=escalation]").get_attribute("data-status") == "in_progress"
    assert "We are on it" in page.inner_text("[data-testid=updates]")
    page.click("[data-testid=withdraw]")
    page.wait_for_selector("[data-testid=escalation][data-status=withdrawn]")
    page.screenshot(path=str(screenshots / f"handoff-{lang}.png"), full_page=True)

    partner.goto(f"{base}{prefix}/partner")
    assert partner.locator("[data-testid=shared-cases] a").count() == 0
    partner.context.close()


def _sign_out_and_in(page: Any, base: str, prefix: str, username: str) -> None:
    page.context.clear_cookies()
    _sign_in(page, base, prefix, username)


def test_helplines_page_in_urdu_is_rtl_with_tel_links(
    live_server: str, page: Any, screenshots: Path
) -> None:
    page.goto(f"{live_server}/ur/helplines?country=PK&issue=sextortion")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("a[href='tel:1799']").count() == 1
    assert page.locator("[data-testid=old-numbers] a[href^='tel:']").count() == 0
    page.screenshot(path=str(screenshots / "helplines-ur.png"), full_page=True)
    page.select_option("[data-testid=country]", "GB")
    page.select_option("[data-testid=issue]", "")
    page.click("form.filters button")
    page.wait_for_load_state()
    assert "GB" in page.inner_text("[data-testid=helplines]")
