"""``hifazat train``: train the shipped text classifier from the labelled sets."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from hifazat.cli import app


@app.command("train")
def train_command(
    data: Path = typer.Option(Path("../shared/data"), help="Folder of labelled sets."),
    out: Path = typer.Option(
        Path("src/hifazat/domain/detection/models/abuse-ngram.npz"), help="Model file to write."
    ),
) -> None:
    """Train on the training split of the licensed sets (fixed seeds: reproducible)."""
    from hifazat.training import datasets, splits
    from hifazat.training.model_file import save_model
    from hifazat.training.train import train

    started = time.perf_counter()
    examples = [e for e in datasets.load_trainable(data) if not splits.is_test(e.text)]
    model = train(examples, log=typer.echo)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model.scorer, str(out))
    took = time.perf_counter() - started
    typer.echo(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {took:.0f} s")
