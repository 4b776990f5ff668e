"""``hifazat demo``: load the demo personas, users and comments."""

from __future__ import annotations

import typer

from hifazat.cli import app
from hifazat.cli.common import reports_errors, runtime
from hifazat.db import migrate
from hifazat.domain.access import SYSTEM
from hifazat.services.demo import DEMO_PASSWORD, load_demo
from hifazat.services.demo_history import load_history


@app.command()
@reports_errors
def demo(
    days: int = typer.Option(0, min=0, max=3660, help="also write this many days of history"),
    events: int = typer.Option(100_000, min=1, help="events in the history"),
    seed: int = typer.Option(6, help="random seed of the history"),
) -> None:
    """Migrate and load the demo data (does nothing if creators already exist).

    With ``--days N``, also write N days of enforcement history ending today (once)."""
    rt = runtime()
    migrate.upgrade(rt.settings.effective_database_url)
    summary = load_demo(rt)
    if days:
        hist = load_history(rt, SYSTEM, days, events, seed)
        if hist.skipped:
            typer.echo("demo history already loaded")
        else:
            typer.echo(
                f"wrote {hist.events} events over {hist.days} days in {hist.regions} regions, "
                f"{hist.safety_mode_periods} safety-mode periods"
            )
    if summary.skipped:
        typer.echo("demo data already loaded")
        return
    typer.echo(
        f"loaded {summary.creators} creators, {summary.comments} comments, {summary.users} users "
        f"(password for every demo user: {DEMO_PASSWORD})"
    )
