"""Real Chromium: a creator sets every control and works held comments in English and Urdu; a
policy manager checks, dry-runs and publishes rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, creators
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

HANDLE = "zara.lifestyle"


def setup(rt: Runtime) -> None:
    creators.register_creator(rt, SYSTEM, creators.NewCreator(HANDLE, "Zara Ahmed", "PK"))
    access.create_user(rt, SYSTEM, "zara", "hifazat-demo", Role.CREATOR, "Zara", [HANDLE])
    access.create_user(rt, SYSTEM, "policy", "hifazat-demo", Role.POLICY_MANAGER, "Sana")


def sign_in(page: Any, base: str, user: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", "hifazat-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_creator_sets_controls_and_bulk_approves(
    live_server: str, page: Any, sqlite_rt: Runtime, screenshots: Path
) -> None:
    rt = sqlite_rt
    setup(rt)
    ingest_comment(rt, SYSTEM, NewComment("w1", HANDLE, "kitni moti ho gayi ho", author_id="a1"))
    sign_in(page, live_server, "zara")
    page.goto(f"{live_server}/creator/{HANDLE}/controls")
    page.select_option("#level_harassment", "strict")
    page.select_option("select[name=who_may_comment]", "followers")
    page.check("input[name=hold_links]")
    page.fill("input[name=hold_new_accounts_days]", "7")
    page.fill("textarea[name=keywords]", "moti\nبھینس")
    page.click("[data-testid=preview]")
    assert "1 of your last 1 comments" in page.locator("[data-testid=preview-result]").inner_text()
    page.click("[data-testid=save-controls]")
    page.wait_for_url(f"{live_server}/creator/{HANDLE}/controls?saved=1")
    assert page.locator("#level_harassment").input_value() == "strict"
    assert page.locator("textarea[name=keywords]").input_value() == "moti\nبھینس"
    # a malformed value is refused with the field named
    page.fill("input[name=hold_new_accounts_days]", "a week")
    page.click("[data-testid=save-controls]")
    assert "hold_new_accounts_days" in page.locator("[data-testid=problems]").inner_text()
    page.screenshot(path=str(screenshots / "controls-en.png"), full_page=True)

    # Urdu, right to left, same page
    page.goto(f"{live_server}/ur/creator/{HANDLE}/controls")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "میرے کنٹرول" in page.content()
    assert "حفاظتی موڈ" in page.content()
    page.click("[data-testid=safety-on-button]")
    assert page.locator("[data-testid=safety-on]").count() == 1
    page.screenshot(path=str(screenshots / "controls-ur.png"), full_page=True)

    # held comments: the new keyword holds a variant spelling; approve in bulk, then undo
    ingest_comment(
        rt, SYSTEM, NewComment("w2", HANDLE, "m o t i", author_id="a2", follows_creator=True)
    )
    page.goto(f"{live_server}/ur/creator/{HANDLE}/held")
    rows = page.locator("[data-testid=held] tbody tr input[name=comment]")
    assert rows.count() == 1
    rows.first.check()
    page.select_option("select[name=action]", "approve")
    page.click("[data-testid=bulk-submit]")
    page.wait_for_url(f"{live_server}/ur/creator/{HANDLE}/held?done=approve")
    assert page.locator("[data-testid=held] tbody tr input[name=comment]").count() == 0
    page.screenshot(path=str(screenshots / "held-ur.png"), full_page=True)
    page.locator("[data-testid^=undo-]").first.click()
    page.wait_for_url(f"{live_server}/ur/creator/{HANDLE}/held?done=undo")
    assert page.locator("[data-testid=held] tbody tr input[name=comment]").count() == 1


def test_policy_manager_checks_dry_runs_and_publishes_rules(
    live_server: str, page: Any, sqlite_rt: Runtime, screenshots: Path
) -> None:
    rt = sqlite_rt
    setup(rt)
    ingest_comment(rt, SYSTEM, NewComment("p1", HANDLE, "tu kutta hai", region="PK"))
    sign_in(page, live_server, "policy")
    page.goto(f"{live_server}/policy/rules")
    page.fill(
        "[data-testid=rules-source]",
        "rules:\n  - id: hold-pk\n    when: region == PK\n    action: hid\n",
    )
    page.click("[data-testid=check]")
    problems = page.locator("[data-testid=problems]").inner_text()
    assert "3:21" in problems  # the bare word PK is an unknown field
    assert "4:13" in problems
    assert "did you mean 'hide'?" in problems
    good = "rules:\n  - id: escalate-pk\n    when: region == 'PK' and score.max >= 0.3\n    action: escalate\n    priority: 90\n"
    page.fill("[data-testid=rules-source]", good)
    page.click("[data-testid=backtest]")
    assert (
        "1 would be decided differently"
        in page.locator("[data-testid=backtest-result]").inner_text()
    )
    page.screenshot(path=str(screenshots / "rules-dry-run.png"), full_page=True)
    page.click("[data-testid=publish]")
    page.wait_for_url(f"{live_server}/policy/rules?published=1")
    assert "version 1, 1 rules" in page.content()
    page.goto(f"{live_server}/ur/policy/guidelines")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "ہراسانی اور دھونس" in page.locator("[data-testid=policies]").inner_text()
