"""``hifazat survey …`` and ``hifazat focus-group …`` against a real database."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hifazat.cli import _register, app
from hifazat.services import surveys
from hifazat.services.runtime import Runtime


def test_survey_and_focus_group_commands(sqlite_rt: Runtime, tmp_path: Path) -> None:
    _register()
    env = {"HIFAZAT_DATABASE_URL": sqlite_rt.settings.database_url, "HIFAZAT_LOG_LEVEL": "WARNING"}
    run = CliRunner()

    def ok(*args: str) -> str:
        result = run.invoke(app, list(args), env=env)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    assert "csm v1 installed" in ok("survey", "install")
    assert "csm\tv1" in ok("survey", "instruments")
    session = ok(
        "focus-group",
        "create",
        "--title",
        "Lahore",
        "--city",
        "Lahore",
        "--region",
        "PK",
        "--date",
        "2026-11-20",
        "--facilitator",
        "T&S",
        "--question",
        "What support?",
    ).split()[-1]
    created = ok(
        "survey",
        "campaign",
        "--name",
        "pre",
        "--region",
        "PK",
        "--period",
        "2026-11",
        "--wave",
        "pre",
        "--session",
        session,
    )
    campaign, link = created.split()[1], created.split()[2]
    token = link.rsplit("/", 1)[1]
    surveys.save_response(sqlite_rt, token, {"A0": "cook"})
    results = ok("survey", "results", campaign)
    assert "complete 0, partial 1" in results
    personal = ok(
        "survey",
        "campaign",
        "--name",
        "post",
        "--region",
        "PK",
        "--period",
        "2026-11",
        "--mode",
        "personal",
    ).split()[1]
    links = ok("survey", "invite", personal, "--count", "3").split()
    assert len(links) == 3
    assert all(x.startswith("/s/") for x in links)
    refused = run.invoke(
        app, ["survey", "invite", personal, "--creator", "zara.lifestyle"], env=env
    )
    assert refused.exit_code == 1
    assert "error [invalid_input]" in refused.output
    assert "Lahore" in ok("focus-group", "list")
    out = tmp_path / "session.json"
    ok("focus-group", "export", session, "--output", str(out))
    assert json.loads(out.read_text())["session"]["city"] == "Lahore"
    report = ok("focus-group", "report", session)
    assert "Not enough answers" in report
    assert (
        json.loads(ok("focus-group", "report", session, "--json"))["participation"]["partial"] == 1
    )
    assert "closed" in ok("survey", "close", campaign)
    missing = run.invoke(app, ["focus-group", "report", "999"], env=env)
    assert "error [not_found]" in missing.output
