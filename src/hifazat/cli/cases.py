"""dsa export (statements of reasons as JSONL) and audit export-case (one case's full history)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import typer

from hifazat.cli import app
from hifazat.cli.common import reports_errors, runtime
from hifazat.cli.core import audit_app
from hifazat.domain.access import SYSTEM
from hifazat.services.case_history import dsa_statements, export_case

dsa_app = typer.Typer(help="EU DSA transparency exports.", no_args_is_help=True)
app.add_typer(dsa_app, name="dsa")


def _day(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dsa_app.command("export")
@reports_errors
def dsa_export(
    start: str = typer.Option(..., "--from", help="first day (YYYY-MM-DD), inclusive"),
    end: str = typer.Option(..., "--to", help="end (YYYY-MM-DD), exclusive"),
    output: Path | None = typer.Option(None, "--output", "-o", help="file (default stdout)"),
) -> None:
    """Every restrictive decision in the period as a DSA statement of reasons, one JSON a line."""
    rt = runtime(with_detector=False)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    n = 0
    try:
        for record in dsa_statements(rt, SYSTEM, _day(start), _day(end)):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    finally:
        if output:
            out.close()
    typer.echo(f"{n} statements of reasons", err=True)


@audit_app.command("export-case")
@reports_errors
def audit_export_case(
    case_id: int = typer.Argument(..., help="the case id"),
    output: Path | None = typer.Option(None, "--output", "-o", help="file (default stdout)"),
) -> None:
    """One case's full history (reports, decisions, appeals, notices, audit events) as JSON."""
    rt = runtime(with_detector=False)
    text = json.dumps(export_case(rt, SYSTEM, case_id), ensure_ascii=False, indent=2, default=str)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)
