"""The ``hifazat`` command. Each sub-module adds its commands to :data:`app`."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="hifazat",
    help="Hifazat: trust & safety for creators.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from hifazat.cli import (  # noqa: F401
        cases,
        core,
        demo,
        detect,
        evaluate,
        feedback,
        metrics,
        rules,
        stream,
        support,
        train,
    )


def main() -> None:
    _register()
    app()
