"""``hifazat dsa export``, ``hifazat audit export-case`` and tamper detection from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from hifazat.cli import _register, app
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.domain.dsa import validate
from hifazat.services import case_decisions, reports
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime


def _decided_case(rt: Runtime, creator: str) -> int:
    out = ingest_comment(rt, SYSTEM, NewComment("k1", creator, "hello", author_id="u1"))
    filed = reports.file_report(rt, SYSTEM, reports.NewReport("comment", str(out.id), "hate"))
    case_decisions.decide_case(
        rt,
        Principal(Role.MODERATOR, "sana"),
        filed.case_id,
        case_decisions.DecisionInput("remove", "attack on a sect"),
    )
    return filed.case_id


def test_exports_and_tamper_detection(rt: Runtime, creator: str, tmp_path: Path) -> None:
    _register()
    case_id = _decided_case(rt, creator)
    env = {"HIFAZAT_DATABASE_URL": rt.settings.database_url, "HIFAZAT_LOG_LEVEL": "WARNING"}
    runner = CliRunner()
    day = rt.now().date()
    out = tmp_path / "sor.jsonl"
    done = runner.invoke(
        app, ["dsa", "export", "--from", str(day), "--to", "2030-01-01", "-o", str(out)], env=env
    )
    assert done.exit_code == 0, done.output
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["puid"] for r in records] == [f"hifazat-decision-{1}"]
    assert validate(records[0]) == []

    history = runner.invoke(app, ["audit", "export-case", str(case_id)], env=env)
    assert history.exit_code == 0, history.output
    exported = json.loads(history.output)
    assert [e["action"] for e in exported["audit_events"]][-1] == "case.decided"
    assert exported["reports"][0]["reason"] == "hate"

    missing = runner.invoke(app, ["audit", "export-case", "999"], env=env)
    assert missing.exit_code == 1
    assert "not_found" in missing.output

    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
    with rt.transaction() as s:
        s.execute(text("DELETE FROM audit_events WHERE action = 'case.reported'"))
    broken = runner.invoke(app, ["audit", "verify"], env=env)
    assert broken.exit_code == 1
    assert "missing" in broken.output
