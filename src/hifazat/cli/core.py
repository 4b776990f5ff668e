"""serve, db upgrade, keys, users, audit."""

from __future__ import annotations

import json

import typer

from hifazat.cli import app
from hifazat.cli.common import reports_errors, runtime, settings
from hifazat.db import migrate
from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, audit

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
users_app = typer.Typer(help="Web users.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")


@app.command()
def serve(
    host: str | None = typer.Option(None, help="bind address (default HIFAZAT_HOST)"),
    port: int | None = typer.Option(None, help="port (default HIFAZAT_PORT)"),
    workers: int = typer.Option(1, min=1, help="worker processes"),
) -> None:
    """Serve the API and web UI (migrates the database first)."""
    import uvicorn

    s = settings()
    migrate.upgrade(s.effective_database_url)
    typer.echo(
        f"Hifazat on http://{host or s.host}:{port or s.port}/ "
        f"(database: {s.effective_database_url})"
    )
    uvicorn.run(
        "hifazat.api.asgi:app",
        host=host or s.host,
        port=port or s.port,
        workers=workers,
        log_level=s.log_level.lower(),
        access_log=False,
    )


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION."""
    s = settings()
    migrate.upgrade(s.effective_database_url, revision)
    typer.echo(f"database at {revision}: {s.effective_database_url}")


@db_app.command("check")
def db_check() -> None:
    """Fail if the tables in code differ from the migrations."""
    s = settings()
    migrate.check(s.effective_database_url)
    typer.echo("tables and migrations agree")


@keys_app.command("create")
@reports_errors
def keys_create(
    role: Role = typer.Option(..., help="role the key carries"),
    name: str = typer.Option(..., help="who or what uses the key"),
    subject: list[str] = typer.Option(
        [], help="creator handle (creators) or organisation (partners)"
    ),
) -> None:
    """Create an API key and print it once."""
    rt = runtime(with_detector=False)
    migrate.upgrade(rt.settings.effective_database_url)
    issued = access.create_api_key(rt, SYSTEM, role, name, list(subject))
    typer.echo(issued.key)


@users_app.command("create")
@reports_errors
def users_create(
    username: str = typer.Argument(...),
    role: Role = typer.Option(...),
    password: str = typer.Option(..., prompt=True, hide_input=True),
    subject: list[str] = typer.Option(
        [], help="creator handle (creators) or organisation (partners)"
    ),
    display_name: str | None = typer.Option(None),
) -> None:
    """Create a web user."""
    rt = runtime(with_detector=False)
    migrate.upgrade(rt.settings.effective_database_url)
    access.create_user(rt, SYSTEM, username, password, role, display_name, list(subject))
    typer.echo(f"user {username} created ({role.value})")


@audit_app.command("verify")
def audit_verify() -> None:
    """Walk the audit chain; exit 1 and name the first broken link if any."""
    rt = runtime(with_detector=False)
    with rt.read() as s:
        report = audit.verify(s)
    typer.echo(json.dumps(report.__dict__))
    if not report.ok:
        typer.echo(f"audit chain broken at event {report.broken_at}: {report.reason}", err=True)
        raise typer.Exit(1)
