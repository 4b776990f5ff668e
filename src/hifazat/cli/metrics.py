"""``hifazat metrics``: the enforcement metrics of a period as JSON, CSV or a table."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import typer

from hifazat.cli import app
from hifazat.cli.common import reports_errors, runtime
from hifazat.domain import metrics as m
from hifazat.domain.access import SYSTEM
from hifazat.errors import InvalidPeriod
from hifazat.services import metrics as svc
from hifazat.services import metrics_compare

TABLE_COLUMNS = (
    "key",
    "items_processed",
    "items_actioned",
    "action_rate",
    "proactive_rate",
    "before_view_rate",
    "within_24h_rate",
    "median_seconds_report_to_action",
    "appeals_filed",
    "overturn_rate",
)


@app.command()
@reports_errors
def metrics(
    region: list[str] = typer.Option([], help="ISO 3166-1 alpha-2 code; repeat for several"),
    start: str | None = typer.Option(None, "--from", help="first day (default: 90 days ago)"),
    end: str | None = typer.Option(None, "--to", help="last day, inclusive (default: today)"),
    by: str = typer.Option("region", help="region|policy|language|creator|day|week|month|quarter"),
    policy: str | None = typer.Option(None, help="only this policy (harm category)"),
    language: str | None = typer.Option(None, help="only this language (en, ur, ur-Latn)"),
    compare_to: str | None = typer.Option(
        None, help="compare with an earlier period FROM..TO (95% CIs and a verdict per region)"
    ),
    fmt: str = typer.Option("table", "--format", help="json | csv | table"),
) -> None:
    """Enforcement metrics for a period, sliced by region, policy, language or period."""
    if fmt not in {"json", "csv", "table"}:
        raise InvalidPeriod(f"--format must be json, csv or table, not {fmt!r}")
    rt = runtime(with_detector=False)
    to = svc.parse_day(end, "--to") if end else rt.now().date()
    frm = svc.parse_day(start, "--from") if start else to - timedelta(days=89)
    if compare_to:
        a, _, b = compare_to.partition("..")
        before = (svc.parse_day(a, "--compare-to"), svc.parse_day(b, "--compare-to"))
        result = metrics_compare.compare(rt, SYSTEM, region, before, (frm, to))
        if fmt == "json":
            typer.echo(json.dumps([c.as_dict() for c in result], indent=2))
            return
        rows: list[dict[str, object]] = [
            {
                "region": c.region,
                "verdict": c.verdict,
                **{
                    ch.metric: "" if ch.difference is None else f"{ch.difference:+.4f}"
                    for ch in c.changes
                },
            }
            for c in result
        ]
        _emit(rows, list(rows[0]) if rows else ["region", "verdict"], fmt)
        return
    q = svc.Query(frm, to, tuple(region), by, policy, language)
    rep = svc.report(rt, SYSTEM, q)
    if fmt == "json":
        typer.echo(json.dumps(rep.as_dict(), indent=2, ensure_ascii=False))
        return
    flat = [m.flat(k, c) for k, c in rep.slices.items()] + [m.flat("total", rep.total)]
    _emit(flat, list(m.FLAT_COLUMNS) if fmt == "csv" else list(TABLE_COLUMNS), fmt)


def _cell(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _emit(rows: list[dict[str, object]], columns: list[str], fmt: str) -> None:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in cells:
        typer.echo("  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)))
