"""``hifazat eval``: the evaluation table (model, rules + model, alt-profanity-check)."""

from __future__ import annotations

from pathlib import Path

import typer

from hifazat.cli import app


@app.command("eval")
def eval_command(
    data: Path = typer.Option(Path("../shared/data"), help="Folder of labelled sets."),
    model: Path | None = typer.Option(None, help="Model file (default: the shipped one)."),
    out: Path | None = typer.Option(None, help="Write the markdown report here."),
    cv: bool = typer.Option(True, help="Run the Akhter 5-fold cross-validation (slow)."),
) -> None:
    """Evaluate on held-out splits and evaluation-only sets; print a markdown report."""
    from hifazat.domain.detection.model import load_model, load_model_bytes
    from hifazat.training.evaluate import evaluate

    scorer = load_model_bytes(model.read_bytes()) if model else load_model()
    if scorer is None:
        typer.echo("no model: run `hifazat train` first", err=True)
        raise typer.Exit(1)
    report = evaluate(data, scorer, log=lambda m: typer.echo(m, err=True), cv=cv)
    if out:
        out.write_text(report, encoding="utf-8")
    typer.echo(report)
