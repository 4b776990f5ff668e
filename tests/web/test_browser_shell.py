"""Real Chromium: sign in, switch to Urdu, the page is right-to-left, save a screenshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, creators
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime


def test_sign_in_switch_to_urdu_rtl(
    live_server: str, page: Any, sqlite_rt: Runtime, screenshots: Path
) -> None:
    rt = sqlite_rt
    creators.register_creator(
        rt, SYSTEM, creators.NewCreator("zara.lifestyle", "Zara Ahmed", "PK", "lifestyle")
    )
    access.create_user(
        rt, SYSTEM, "zara", "hifazat-demo", Role.CREATOR, "Zara Ahmed", ["zara.lifestyle"]
    )
    ingest_comment(rt, SYSTEM, NewComment("b1", "zara.lifestyle", "Bohat pyari lag rahi ho! ❤️"))
    ingest_comment(
        rt, SYSTEM, NewComment("b2", "zara.lifestyle", "tu kutta hai, shakal dekhi hai apni?")
    )

    page.goto(f"{live_server}/signin")
    page.fill("input[name=username]", "zara")
    page.fill("input[name=password]", "hifazat-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/creator/zara.lifestyle")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("[data-testid=decisions] tbody tr").count() == 2
    page.screenshot(path=str(screenshots / "creator-en.png"), full_page=True)

    page.click("[data-testid=lang-toggle]")
    page.wait_for_url(f"{live_server}/ur/creator/zara.lifestyle")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ur"
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    assert "تبصروں پر حالیہ فیصلے" in page.content()
    shot = screenshots / "creator-ur.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
