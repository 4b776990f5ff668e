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
    import hifazat.cli.metrics
    import hifazat.cli.rules  # noqa: F401
    import hifazat.cli.feedback
    import hifazat.cli.stream  # noqa: F401
    import hifazat.cli.support  # noqa: F401
    import hifazat.cli.cases  # noqa: F401
    import hifazat.cli.support  # noqa: F401
    from hifazat.cli import core, demo, detect, evaluate, train  # noqa: F401


def main() -> None:
    _register()
    app()
