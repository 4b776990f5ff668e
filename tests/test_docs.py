"""The docs list every setting, CLI command and error code (they cannot drift silently)."""

from __future__ import annotations

from pathlib import Path

import typer

from hifazat.cli import _register, app
from hifazat.errors import HTTP_LAYER_CODES, all_error_classes
from hifazat.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(t: typer.Typer, prefix: str = "hifazat") -> list[str]:
    found = []
    for cmd in t.registered_commands:
        name = cmd.name or (cmd.callback.__name__.replace("_", "-") if cmd.callback else "")
        found.append(f"{prefix} {name}")
    for group in t.registered_groups:
        assert group.typer_instance is not None
        found.extend(_commands(group.typer_instance, f"{prefix} {group.name}"))
    return found


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text()
    missing = [n for n in Settings.model_fields if f"`HIFAZAT_{n.upper()}`" not in text]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    _register()
    text = (DOCS / "cli.md").read_text()
    commands = _commands(app)
    assert len(commands) >= 8
    missing = [c for c in commands if f"`{c}" not in text]
    assert missing == []


def test_every_error_code_is_documented() -> None:
    text = (DOCS / "errors.md").read_text()
    codes = {c.code for c in all_error_classes()} | set(HTTP_LAYER_CODES) | {"http_error"}
    codes.discard("error")
    missing = sorted(c for c in codes if f"`{c}`" not in text)
    assert missing == []
