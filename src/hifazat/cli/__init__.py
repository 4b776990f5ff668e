"""The ``hifazat`` command. Each sub-module adds its commands to :data:`app`."""

from __future__ import annotations

import importlib
import sys

import typer

app = typer.Typer(
    name="hifazat",
    help="Hifazat: trust & safety for creators.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Hifazat: trust & safety for creators."""


#: The module that adds each top-level command or group (checked by tests/cli/test_cli_start.py).
#: Running one command imports only its module, so ``hifazat detect`` starts without the web,
#: database and analysis stacks.
COMMAND_MODULES: dict[str, str] = {
    **dict.fromkeys(("db", "keys", "serve", "users"), "core"),
    "audit": "cases",  # cases adds ``audit`` sub-commands to core's group
    "dsa": "cases",
    "demo": "demo",
    "detect": "detect",
    "eval": "evaluate",
    **dict.fromkeys(("focus-group", "survey"), "feedback"),
    "metrics": "metrics",
    **dict.fromkeys(("guidelines", "rules"), "rules"),
    **dict.fromkeys(("stream", "webhooks", "worker"), "stream"),
    **dict.fromkeys(("evidence", "guides", "helplines", "helplines-check", "partners"), "support"),
    "train": "train",
}


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
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    module = COMMAND_MODULES.get(name)
    if module is None:
        _register()  # help, or an unknown command: Typer lists every command
    else:
        importlib.import_module(f"hifazat.cli.{module}")
    app()
