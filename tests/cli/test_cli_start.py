"""``hifazat <command>`` imports only the module that defines the command."""

from __future__ import annotations

import subprocess
import sys

from hifazat.cli import COMMAND_MODULES, _register, app


def _defining_module(callback: object) -> str:
    return str(getattr(callback, "__module__", "")).removeprefix("hifazat.cli.")


def test_every_command_is_mapped_to_the_module_that_defines_it() -> None:
    _register()
    found: dict[str, str] = {}
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
        found[name] = _defining_module(command.callback)
    for group in app.registered_groups:
        sub = group.typer_instance
        assert sub is not None
        assert group.name
        modules = {_defining_module(c.callback) for c in sub.registered_commands}
        if modules == {"cases", "core"}:  # cases imports core and adds to its group
            found[group.name] = "cases"
            continue
        assert len(modules) == 1, (group.name, modules)
        found[group.name] = modules.pop()
    assert found == COMMAND_MODULES


def test_one_command_starts_without_the_database_stack() -> None:
    code = (
        "import sys; sys.argv = ['hifazat', 'detect', '--help'];"
        "from hifazat.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'sqlalchemy' not in sys.modules and 'fastapi' not in sys.modules"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "--input" in run.stdout


def test_no_command_lists_them_all() -> None:
    code = "import sys; sys.argv = ['hifazat', '--help']; from hifazat.cli import main; main()"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    for name in ("detect", "serve", "worker", "helplines", "survey"):
        assert name in run.stdout
