"""rules check / backtest / publish, guidelines check / publish."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from hifazat.cli import app
from hifazat.cli.common import reports_errors, runtime
from hifazat.domain.access import SYSTEM
from hifazat.domain.policy.guidelines import parse_guidelines
from hifazat.domain.policy.problems import Problem
from hifazat.domain.policy.rules.ruleset import parse_rules
from hifazat.services import backtest, guidelines, rules

rules_app = typer.Typer(help="Platform rules: check, dry-run, publish.", no_args_is_help=True)
guidelines_app = typer.Typer(help="Community Guidelines: check, publish.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(guidelines_app, name="guidelines")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"{path}: cannot read: {exc}", err=True)
        raise typer.Exit(2) from exc


def _report(problems: list[Problem]) -> None:
    for p in problems:
        typer.echo(str(p))
    typer.echo(f"{len(problems)} problem(s)", err=True)
    raise typer.Exit(1)


@rules_app.command("check")
def rules_check(files: list[Path] = typer.Argument(..., help="rules files (YAML)")) -> None:
    """Validate rules files; print every problem as FILE:LINE:COLUMN: message + hint."""
    problems: list[Problem] = []
    for path in files:
        found, probs = parse_rules(_read(path), str(path))
        problems.extend(probs)
        if found is not None:
            typer.echo(f"{path}: ok, {len(found.rules)} rule(s)")
    if problems:
        _report(problems)


@rules_app.command("backtest")
@reports_errors
def rules_backtest(
    file: Path = typer.Argument(..., help="the proposed rules file"),
    days: float = typer.Option(30, help="look back over this many days of stored comments"),
    samples: int = typer.Option(10, help="changed comments to show"),
    as_json: bool = typer.Option(False, "--json", help="print the whole result as JSON"),
) -> None:
    """Dry run: what the proposed rules would have decided, next to the rules in force."""
    source = _read(file)
    found, problems = parse_rules(source, str(file))
    if found is None:
        _report(problems)
    rt = runtime(with_detector=False)
    result = backtest.backtest(rt, SYSTEM, source, days, samples)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{result['comments']} comments over {days:g} days; {result['changed']} change")
    typer.echo(f"{'action':<16}{'in force':>10}{'proposed':>10}")
    for action in sorted(set(result["before"]) | set(result["after"])):
        before, after = result["before"].get(action, 0), result["after"].get(action, 0)
        typer.echo(f"{action:<16}{before:>10}{after:>10}")
    for s in result["samples"]:
        typer.echo(f"  #{s['comment_id']} {s['before']} → {s['after']} ({s['rule']}): {s['text']}")


@rules_app.command("publish")
@reports_errors
def rules_publish(file: Path = typer.Argument(...), note: str | None = typer.Option(None)) -> None:
    """Validate and put a rules file in force (as the system administrator)."""
    info = rules.publish(runtime(with_detector=False), SYSTEM, _read(file), note)
    typer.echo(f"rules version {info.version} in force ({info.rule_count} rules)")


@guidelines_app.command("check")
def guidelines_check(file: Path = typer.Argument(..., help="guidelines file (YAML)")) -> None:
    """Validate a guidelines file; print every problem as FILE:LINE:COLUMN: message + hint."""
    found, problems = parse_guidelines(_read(file), str(file))
    if found is None:
        _report(problems)
    else:
        typer.echo(f"{file}: ok, version {found.version}, {len(found.policies)} policies")


@guidelines_app.command("publish")
@reports_errors
def guidelines_publish(
    file: Path = typer.Argument(...), note: str | None = typer.Option(None)
) -> None:
    """Validate and put a new guidelines version in force (as the system administrator)."""
    g = guidelines.save(runtime(with_detector=False), SYSTEM, _read(file), note)
    typer.echo(f"guidelines {g.version} in force")
