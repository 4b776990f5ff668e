"""Real Chromium: a creator takes the safety survey in Urdu (right-to-left, skip logic, a clear
error for a missing answer, saved page by page); a facilitator runs a brainstorm (capture ideas
in three languages, suggested clusters, move, rank, dot-vote) and prints the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, surveys
from hifazat.services import focus_groups as fgs
from hifazat.services.runtime import Runtime


def _answer_page(page: Any) -> None:
    """Pick the first choice of every radio group and the first checkbox of every item."""
    page.evaluate(
        """() => {
          const seen = new Set();
          for (const input of document.querySelectorAll('fieldset.item input[type=radio]')) {
            if (!seen.has(input.name) && input.value !== 'prefer_not') {
              seen.add(input.name); input.checked = true;
            }
          }
          for (const fs of document.querySelectorAll('fieldset.item')) {
            const box = fs.querySelector('input[type=checkbox]');
            if (box) box.checked = true;
          }
        }"""
    )


def test_take_the_survey_in_urdu(
    live_server: str, page: Any, sqlite_rt: Runtime, screenshots: Path
) -> None:
    surveys.install_builtins(sqlite_rt, SYSTEM)
    c = surveys.create_campaign(
        sqlite_rt, SYSTEM, surveys.NewCampaign("pulse", "csm", "PK", "2026-11", wave="pre")
    )
    page.goto(f"{live_server}/ur/s/{c.open_token}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "تخلیق کاروں کے تحفظ کا سروے" in page.content()
    assert "آپ باقاعدگی سے کن پلیٹ فارمز" in page.content()
    page.screenshot(path=str(screenshots / "survey-ur-page1.png"), full_page=True)
    _answer_page(page)
    page.click("[data-testid=survey-next]")
    page.wait_for_url(f"{live_server}/ur/s/{c.open_token}?section=1")
    assert "پچھلے 30 دنوں میں" in page.content()
    # Nothing answered on the exposure page: a clear error, nothing lost.
    page.click("[data-testid=survey-next]")
    errors = page.locator("[data-testid=survey-errors]")
    assert errors.is_visible()
    assert "آپ کو برے نام دیے یا آپ کی توہین کی" in errors.inner_text()
    assert "ضروری ہے" in errors.inner_text()
    page.screenshot(path=str(screenshots / "survey-ur-error.png"), full_page=True)
    seen_sections = []
    for _ in range(12):
        if page.locator("[data-testid=survey-done]").count():
            break
        seen_sections.append(page.locator("form h2").inner_text())
        _answer_page(page)
        page.click("[data-testid=survey-next]")
        page.wait_for_load_state()
    assert page.locator("[data-testid=survey-done]").is_visible()
    assert "شکریہ" in page.content()
    # Every exposure answer was "Never", so the incident sections were skipped.
    assert "سب سے حالیہ واقعہ" not in seen_sections
    rows = surveys.responses(sqlite_rt, SYSTEM, c.id)
    assert len(rows) == 1
    assert rows[0].status == "complete"
    assert rows[0].language == "ur"
    assert rows[0].scores["sus"] is not None
    assert "C1" not in rows[0].answers


def test_run_a_brainstorm_and_print_the_report(
    live_server: str, page: Any, sqlite_rt: Runtime, screenshots: Path
) -> None:
    rt = sqlite_rt
    access.create_user(rt, SYSTEM, "bilal", "hifazat-demo", Role.ANALYST, "Bilal (analyst)", [])
    s = fgs.create_session(
        rt,
        SYSTEM,
        fgs.NewSession(
            "Lahore Creator Focus Group",
            "Lahore",
            "PK",
            "2026-11-20",
            "T&S team",
            "What safety support would you want personalised for you?",
        ),
    )
    for pid, seg in [("P1", "cook"), ("P2", "activist"), ("P3", "comedian")]:
        fgs.add_participant(rt, SYSTEM, s.id, pid, seg, consent=True)
    page.goto(f"{live_server}/signin")
    page.fill("input[name=username]", "bilal")
    page.fill("input[name=password]", "hifazat-demo")
    page.click("button[type=submit]")
    page.goto(f"{live_server}/focus-groups/{s.id}")
    board = f"{live_server}/focus-groups/{s.id}"
    surveys.install_builtins(rt, SYSTEM)
    page.click("[data-testid=campaign-form] button")
    page.wait_for_url(f"{board}?done=campaign")
    assert page.locator("[data-testid=personal-links] li").count() == 3
    assert "P1" in page.locator("[data-testid=personal-links]").inner_text()
    for text in [
        "Urdu mein helpline chahiye",
        "اردو میں ہیلپ لائن چاہیے",
        "Free legal help from a lawyer",
        "مفت قانونی مدد",
        "Shield mode like Twitch",
    ]:
        page.fill("[data-testid=idea-form] textarea", text)
        page.click("[data-testid=idea-form] button")
        page.wait_for_url(f"{board}?done=idea")
    assert page.locator("[data-testid=unclustered] .idea").count() == 5
    page.click("[data-testid=apply-suggestions]")
    page.wait_for_url(f"{board}?done=suggest")
    assert page.locator("[data-testid=cluster]").count() == 2
    assert page.locator("[data-testid=unclustered] .idea").count() == 1
    # The facilitator moves the lone idea into the first cluster.
    first_cluster = page.locator("[data-testid=cluster]").first.get_attribute("data-cluster")
    page.select_option("[data-testid=move-form] select[name=idea_id]", "5")
    page.select_option("[data-testid=move-form] select[name=cluster_id]", first_cluster)
    page.click("[data-testid=move-form] button")
    page.wait_for_url(f"{board}?done=move")
    assert page.locator("[data-testid=unclustered] .idea").count() == 0
    for pid, ranking in [("P1", "1, 3"), ("P2", "3, 1, 5"), ("P3", "1")]:
        page.select_option("[data-testid=ranking-form] select[name=pid]", pid)
        page.fill("[data-testid=ranking-form] input[name=ranking]", ranking)
        page.click("[data-testid=ranking-form] button")
        page.wait_for_url(f"{board}?done=ranking")
    page.select_option("[data-testid=dots-form] select[name=pid]", "P2")
    page.locator("[data-testid=dots-form] input[name=dots]").first.check()
    page.click("[data-testid=dots-form] button")
    page.wait_for_url(f"{board}?done=dots")
    assert page.locator("[data-testid=training-link]").get_attribute("href") == "/support"
    exported = page.request.get(f"{board}/export.json").json()
    assert len(exported["ideas"]) == 5
    assert all(i["author_pid"] is None for i in exported["ideas"])
    top = page.locator("[data-testid=ngt] tbody tr").first.inner_text()
    assert "Urdu mein helpline chahiye" in top
    page.screenshot(path=str(screenshots / "brainstorm-board.png"), full_page=True)
    page.click("[data-testid=report-link]")
    page.wait_for_url(f"{board}/report")
    assert page.locator("[data-testid=report]").is_visible()
    assert "Urdu mein helpline chahiye" in page.locator("[data-testid=top-ideas]").inner_text()
    assert page.locator("[data-testid=dots-chart]").count() == 1
    page.screenshot(path=str(screenshots / "focus-group-report-en.png"), full_page=True)
    page.click("[data-testid=lang-toggle]")
    page.wait_for_url(f"{live_server}/ur/focus-groups/{s.id}/report")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "کیا تخلیق کاروں نے بہتری محسوس کی؟" in page.content()
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    shot = screenshots / "focus-group-report-ur-print.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
