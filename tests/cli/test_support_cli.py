"""``hifazat helplines``, ``helplines-check``, ``guides search``, ``partners``, ``evidence``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml
from typer.testing import CliRunner

from hifazat.cli import _register, app
from hifazat.domain.support.evidence import assemble


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """In process (the commands read settings from the environment at call time)."""
    _register()
    out = CliRunner().invoke(app, list(args), env={"HIFAZAT_LOG_LEVEL": "WARNING", **(env or {})})
    return Result(out.exit_code, out.stdout, out.stderr)


def test_helplines_for_pakistan_and_sextortion() -> None:
    out = run("helplines", "--country", "PK", "--issue", "sextortion")
    assert out.returncode == 0, out.stderr
    assert "tel:1799" in out.stdout
    assert "0800-39393" in out.stdout
    assert "StopNCII" in out.stdout
    assert "NO LONGER IN USE: FIA" in out.stdout
    assert "Rozan" not in out.stdout
    lines = run("helplines", "--country", "PK", "--json").stdout.splitlines()
    first = json.loads(lines[0])
    assert first["emergency"] is True


def test_unknown_country_and_issue_get_clear_answers() -> None:
    out = run("helplines", "--country", "FR")
    assert out.returncode == 1
    assert "unknown_country" in out.stderr
    assert "PK" in out.stderr
    out = run("helplines", "--country", "PK", "--issue", "gossip")
    assert out.returncode == 1
    assert "unknown_issue" in out.stderr


def test_helplines_check_reports_broken_entries(tmp_path: Path) -> None:
    assert run("helplines-check").returncode == 0
    raw = yaml.safe_load(
        (files("hifazat.support") / "data" / "helplines.yaml").read_text(encoding="utf-8")
    )
    raw["entries"][2]["issues"] = ["gossip"]
    del raw["entries"][3]["sources"]
    path = tmp_path / "h.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = run("helplines-check", env={"HIFAZAT_HELPLINES_FILE": str(path)})
    assert out.returncode == 1
    assert "pk_nccia_helpline: issues: 'gossip' is not an issue" in out.stdout
    assert "pk_fia_cyber_crime_wing_legacy: sources: is missing" in out.stdout
    assert "2 broken" in out.stderr
    listed = run("helplines", "--country", "PK", env={"HIFAZAT_HELPLINES_FILE": str(path)})
    assert "warning: broken helpline entry pk_nccia_helpline" in listed.stderr


def test_guides_search_and_evidence_verify(tmp_path: Path) -> None:
    out = run("guides", "search", "StopNCII", "--lang", "ur")
    assert out.stdout.startswith("sextortion\t")
    bundle = assemble({"pack_id": 1}, [{"comment_id": 1, "text": "tu kutta hai"}]).as_dict()
    good = tmp_path / "good.json"
    good.write_text(json.dumps(bundle), encoding="utf-8")
    assert run("evidence", "verify", str(good)).returncode == 0
    bundle["items"][0]["text"] = "edited"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle), encoding="utf-8")
    out = run("evidence", "verify", str(bad))
    assert out.returncode == 1
    assert "item 1 (comment 1) was changed" in out.stderr


def test_partners_add_and_list(tmp_path: Path) -> None:
    env = {"HIFAZAT_DATA_DIR": str(tmp_path), "HIFAZAT_DATABASE_URL": ""}
    out = run("partners", "add", "drf", "--name", "Digital Rights Foundation", env=env)
    assert out.returncode == 0, out.stderr
    assert "48 h" in out.stdout
    assert "drf\tDigital Rights Foundation" in run("partners", "list", env=env).stdout
    again = run("partners", "add", "drf", "--name", "X", env=env)
    assert again.returncode == 1
    assert "conflict" in again.stderr
