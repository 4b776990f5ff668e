"""Real Chromium: a creator reports, a moderator reveals and decides, the creator sees it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, creators
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime


def _sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "hifazat-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_report_review_decide_in_the_browser(
    live_server: str, page: Any, sqlite_rt: Runtime, screenshots: Path
) -> None:
    rt = sqlite_rt
    creators.register_creator(rt, SYSTEM, creators.NewCreator("zara.lifestyle", "Zara", "PK"))
    access.create_user(rt, SYSTEM, "zara", "hifazat-demo", Role.CREATOR, "Zara", ["zara.lifestyle"])
    access.create_user(rt, SYSTEM, "sana", "hifazat-demo", Role.MODERATOR, "Sana", [])
    ingest_comment(
        rt, SYSTEM, NewComment("m1", "zara.lifestyle", "tumhari video bakwas hai, chup kar")
    )

    _sign_in(page, live_server, "zara")
    page.click("text=My reports")
    page.select_option("select[name=reason]", "harassment")
    page.click("[data-testid=report-form] button[type=submit]")
    page.wait_for_url(f"{live_server}/reports/mine?filed=1")
    assert page.locator("[data-testid=my-reports] tbody tr").count() == 1
    assert "waiting for review" in page.locator("[data-testid=outcome]").first.inner_text()

    _sign_in(page, live_server, "sana")
    page.click("text=Review queue")
    excerpt = page.locator("[data-testid=excerpt]").first
    assert "blurred" in (excerpt.get_attribute("class") or "")
    blur = page.evaluate("getComputedStyle(document.querySelector('.blurred')).filter")
    assert "blur" in blur
    page.screenshot(path=str(screenshots / "moderation-queue.png"), full_page=True)
    excerpt.click()
    page.click("[data-testid=reveal]")
    text = page.locator("[data-testid=subject-text]")
    assert "blurred" not in (text.get_attribute("class") or "")
    page.click("[data-testid=claim]")
    page.select_option("[data-testid=decide-form] select[name=outcome]", "hide")
    page.fill("[data-testid=decide-form] textarea[name=explanation]", "Insult aimed at the creator")
    page.click("[data-testid=decide-form] button[type=submit]")
    page.wait_for_load_state()
    assert "Insult aimed at the creator" in page.locator("[data-testid=decisions]").inner_text()
    page.screenshot(path=str(screenshots / "moderation-case.png"), full_page=True)

    _sign_in(page, live_server, "zara")
    page.goto(f"{live_server}/ur/reports/mine")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("[data-testid=outcome]").first.inner_text().strip() == "چھپایا گیا"
    page.screenshot(path=str(screenshots / "my-reports-ur.png"), full_page=True)
