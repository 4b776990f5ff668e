"""`hifazat rules check` / `hifazat guidelines check` report every problem, located, with a hint
(golden files: regenerate with HIFAZAT_REGOLD=1 after an intended change)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hifazat.cli import _register, app

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("command", "name"), [("rules", "bad_rules"), ("guidelines", "bad_guidelines")]
)
def test_check_reports_every_problem(command: str, name: str) -> None:
    _register()
    rel = (GOLDEN / f"{name}.yaml").relative_to(ROOT)
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, [command, "check", str(rel)])
    finally:
        os.chdir(old)
    assert result.exit_code == 1
    expected_file = GOLDEN / f"{name}.expected"
    if os.environ.get("HIFAZAT_REGOLD"):
        expected_file.write_text(result.stdout)
    assert result.stdout == expected_file.read_text()
    for line in result.stdout.splitlines():
        if not line.startswith("    hint:"):
            file, row, col, _ = line.split(":", 3)
            assert file == str(rel)
            assert row.isdigit()
            assert col.isdigit()


def test_good_rules_pass_and_missing_file_is_exit_2() -> None:
    _register()
    ok = CliRunner().invoke(app, ["rules", "check", str(GOLDEN / "good_rules.yaml")])
    assert ok.exit_code == 0, ok.stdout
    assert "ok, 5 rule(s)" in ok.stdout
    missing = CliRunner().invoke(app, ["rules", "check", str(GOLDEN / "nope.yaml")])
    assert missing.exit_code == 2
