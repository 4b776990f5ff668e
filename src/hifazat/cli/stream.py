"""``hifazat worker``, ``hifazat stream setup|info|publish``, ``hifazat webhooks ...``."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import httpx
import orjson
import typer
from pydantic import ValidationError

from hifazat.cli import app
from hifazat.cli.common import fail, reports_errors, runtime, settings
from hifazat.db import migrate
from hifazat.domain.access import SYSTEM
from hifazat.services import webhooks
from hifazat.settings import Settings

stream_app = typer.Typer(help="NATS JetStream streams (docs/streaming.md).", no_args_is_help=True)
webhooks_app = typer.Typer(help="Webhooks that receive decisions.", no_args_is_help=True)
app.add_typer(stream_app, name="stream")
app.add_typer(webhooks_app, name="webhooks")


def upgrade_when_reachable(url: str, max_backoff_s: float = 5.0) -> int:
    """Bring the schema up to date, waiting while the database cannot be reached (a worker
    may start before PostgreSQL, or while it restarts). Returns how many attempts failed.
    Any other error (a broken migration) is raised at once."""
    from sqlalchemy import exc as sa_exc

    backoff, failed = 0.2, 0
    while True:
        try:
            migrate.upgrade(url)
            return failed
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            failed += 1
            reason = str(exc.orig or exc).splitlines()[0][:200]
            typer.echo(
                f"worker: waiting for the database ({reason}); retry in {backoff:.1f}s", err=True
            )
            time.sleep(backoff)
            backoff = min(backoff * 2, max_backoff_s)


def _nats_url(s: Settings) -> str:
    if not s.nats_url:
        raise fail("HIFAZAT_NATS_URL is not set (without it the API processes events itself)")
    return s.nats_url


@app.command()
@reports_errors
def worker(
    batch: int | None = typer.Option(
        None, min=1, help="events per pull (default HIFAZAT_WORKER_BATCH)"
    ),
    partition: int | None = typer.Option(
        None, min=0, help="work one partition (with HIFAZAT_NATS_PARTITIONS > 1)"
    ),
    health_port: int = typer.Option(
        0, min=0, help="serve /healthz, /readyz, /metrics on this port (0: off)"
    ),
    health_host: str = typer.Option("127.0.0.1", help="address of the health endpoint"),
    webhooks_on: bool = typer.Option(
        True, "--webhooks/--no-webhooks", help="also deliver webhooks"
    ),
) -> None:
    """Pull events from JetStream, decide, commit to the database, acknowledge (until SIGTERM)."""
    from hifazat.stream.runner import run
    from hifazat.stream.worker import WorkerConfig

    rt = runtime()
    url = _nats_url(rt.settings)
    upgrade_when_reachable(rt.settings.effective_database_url)
    config = WorkerConfig(batch=batch or rt.settings.worker_batch, partition=partition)
    typer.echo(f"worker: {url} -> {rt.settings.effective_database_url}", err=True)
    asyncio.run(
        run(rt, url, config, health_host=health_host, health_port=health_port, webhooks=webhooks_on)
    )


@stream_app.command("setup")
@reports_errors
def stream_setup() -> None:
    """Create or update the event, decision and dead-letter streams and the worker consumers."""
    from hifazat.stream.jetstream import Layout, connect, ensure

    s = settings()
    layout = Layout.from_settings(s)

    async def go() -> None:
        nc = await connect(_nats_url(s))
        try:
            await ensure(nc.jetstream(), layout)
        finally:
            await nc.close()

    asyncio.run(go())
    typer.echo(
        f"streams {layout.events_stream}, {layout.decisions_stream}, {layout.dead_stream}: "
        f"replicas {layout.replicas}, max age {layout.max_age_s / 86400:g} days"
    )


@stream_app.command("info")
@reports_errors
def stream_info(partition: int | None = typer.Option(None, min=0)) -> None:
    """Messages in each stream and the workers' backlog (pending, un-acknowledged, redelivered)."""
    from hifazat.stream.jetstream import Layout, connect, info

    s = settings()

    async def go() -> dict[str, int]:
        nc = await connect(_nats_url(s))
        try:
            return (await info(nc.jetstream(), Layout.from_settings(s), partition)).__dict__
        finally:
            await nc.close()

    typer.echo(orjson.dumps(asyncio.run(go())).decode())


@stream_app.command("publish")
@reports_errors
def stream_publish(
    input: Path = typer.Option(
        ..., "--input", help="JSONL of events {id, type, data}; - for stdin"
    ),
    batch: int = typer.Option(500, min=1),
) -> None:
    """Publish events from a JSONL file to the stream (bad lines reported and skipped)."""
    from hifazat.stream.jetstream import Layout, connect, ensure
    from hifazat.stream.publisher import publish
    from hifazat.stream.wire import EventIn

    s = settings()
    layout = Layout.from_settings(s)
    fh = sys.stdin if str(input) == "-" else input.open(encoding="utf-8")
    events: list[EventIn] = []
    bad = 0
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            events.append(EventIn.model_validate_json(line))
        except ValidationError as exc:
            bad += 1
            typer.echo(f"{input}:{n}: {exc.errors()[0]['msg']}", err=True)

    async def go() -> int:
        nc = await connect(_nats_url(s))
        try:
            js = nc.jetstream()
            await ensure(js, layout)
            new = 0
            for i in range(0, len(events), batch):
                new += await publish(js, layout, events[i : i + batch])
            return new
        finally:
            await nc.close()

    new = asyncio.run(go())
    typer.echo(f"published {len(events)} events ({new} new, {len(events) - new} duplicates)")
    if bad:
        raise typer.Exit(1)


@webhooks_app.command("add")
@reports_errors
def webhooks_add(
    url: str = typer.Option(..., help="endpoint that receives every decision"),
    secret: str | None = typer.Option(
        None, help="signing secret (default: generated, printed once)"
    ),
) -> None:
    """Register a webhook; prints its id and signing secret."""
    rt = runtime(with_detector=False)
    migrate.upgrade(rt.settings.effective_database_url)
    view = webhooks.register_webhook(rt, SYSTEM, url, secret)
    typer.echo(f"{view.id} {view.secret}")


@webhooks_app.command("list")
@reports_errors
def webhooks_list() -> None:
    """Webhooks with their pending, delivered and dead deliveries."""
    rt = runtime(with_detector=False)
    for v in webhooks.list_webhooks(rt, SYSTEM):
        typer.echo(
            f"{v.id}\t{v.url}\t{'active' if v.active else 'inactive'}\t"
            f"pending={v.pending} delivered={v.delivered} dead={v.dead}"
        )


@webhooks_app.command("deliver")
@reports_errors
def webhooks_deliver(
    once: bool = typer.Option(False, help="post until nothing is due, then exit"),
) -> None:
    """Post due webhook deliveries (without NATS: the `make run` set-up uses this)."""
    import time

    from hifazat.stream.webhooks import deliver_due

    rt = runtime(with_detector=False)
    with httpx.Client(timeout=rt.settings.webhook_timeout_s) as client:
        while True:
            done = deliver_due(rt, client)
            for due, status in done:
                typer.echo(f"{due.id}\t{due.event_id}\t{status}")
            if once and not done:
                return
            if not done:
                time.sleep(1.0)
