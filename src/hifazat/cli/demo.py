"""``hifazat demo``: load the demo personas, users and comments."""

from __future__ import annotations

import typer

from hifazat.cli import app
from hifazat.cli.common import reports_errors, runtime
from hifazat.db import migrate
from hifazat.services.demo import DEMO_PASSWORD, load_demo


@app.command()
@reports_errors
def demo() -> None:
    """Migrate and load the demo data (does nothing if creators already exist)."""
    rt = runtime()
    migrate.upgrade(rt.settings.effective_database_url)
    summary = load_demo(rt)
    if summary.skipped:
        typer.echo("demo data already loaded")
        return
    typer.echo(
        f"loaded {summary.creators} creators, {summary.comments} comments, {summary.users} users "
        f"(password for every demo user: {DEMO_PASSWORD})"
    )
