"""Real NATS JetStream and real PostgreSQL for the stream tests.

Non-fault tests use the shared NATS on 127.0.0.1:4222 with a unique stream and subject prefix
per test. Fault tests start their OWN nats-server and their OWN PostgreSQL cluster on free
loopback ports in throw-away directories (they stop, kill and restart them), and stop them
afterwards. Missing binaries skip (or fail with CI=true), like every other service here.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from helpers import missing_service, port_open
from hifazat.db import migrate
from hifazat.db.stream_tables import ProcessedEvent
from hifazat.domain.access import SYSTEM
from hifazat.services import creators
from hifazat.services.runtime import Runtime, build_runtime
from hifazat.settings import Settings
from hifazat.stream.jetstream import Layout, connect, ensure, info
from hifazat.stream.publisher import publish
from hifazat.stream.wire import EventIn

NATS_BIN = shutil.which("nats-server") or "/usr/sbin/nats-server"
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Any, timeout: float, what: str, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class NatsServer:
    def __init__(self) -> None:
        if not os.path.exists(NATS_BIN):
            missing_service("nats", f"{NATS_BIN} not found")
        self.dir = tempfile.mkdtemp(prefix="hifazat-nats-")
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [NATS_BIN, "-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd", self.dir],
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.dir, "log"), "ab"),  # noqa: SIM115
        )
        wait_until(lambda: port_open("127.0.0.1", self.port), 20, "nats-server")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(20)
        self.proc = None

    def cleanup(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


class PgCluster:
    """A PostgreSQL cluster of our own (as the postgres user when running as root)."""

    def __init__(self) -> None:
        if not PG_BIN:
            missing_service("postgresql", "no /usr/lib/postgresql/*/bin")
        self.bin = PG_BIN[-1]
        self.dir = tempfile.mkdtemp(prefix="hifazat-pg-")
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres", "-N")

    def _run(self, tool: str, *args: str) -> None:
        cmd = [f"{self.bin}/{tool}", *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=60 -c shared_buffers=64MB"
        )
        self._run(
            "pg_ctl", "-D", f"{self.dir}/data", "-o", opts, "-l", f"{self.dir}/log", "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "stop")

    def cleanup(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def own_nats() -> Iterator[NatsServer]:
    server = NatsServer()
    server.start()
    yield server
    server.cleanup()


@pytest.fixture(scope="module")
def own_pg() -> Iterator[PgCluster]:
    cluster = PgCluster()
    cluster.start()
    migrate.upgrade(cluster.url)
    yield cluster
    cluster.cleanup()


@pytest.fixture
def shared_nats_url() -> str:
    if not port_open("127.0.0.1", 4222):
        missing_service("nats", "nothing listens on 127.0.0.1:4222")
    return "nats://127.0.0.1:4222"


def unique_layout_env(nats_url: str, db_url: str) -> dict[str, str]:
    tag = uuid.uuid4().hex[:10]
    return {
        "HIFAZAT_NATS_URL": nats_url,
        "HIFAZAT_DATABASE_URL": db_url,
        "HIFAZAT_NATS_STREAM": f"T{tag.upper()}",
        "HIFAZAT_NATS_SUBJECT_PREFIX": f"t{tag}",
        "HIFAZAT_NATS_MAX_AGE_DAYS": "0.05",
        "HIFAZAT_WORKER_ACK_WAIT_S": "2",
        "HIFAZAT_ENVIRONMENT": "test",
        "HIFAZAT_SECRET_KEY": "test-secret-key-0123456789",
        "HIFAZAT_LOG_LEVEL": "WARNING",
    }


class Fleet:
    """Worker processes on one (stream, database) pair, and ways to drive and inspect it."""

    def __init__(self, env: dict[str, str], detector: Any) -> None:
        self.env = env
        self.settings = Settings(**{k[8:].lower(): v for k, v in env.items()})  # type: ignore[arg-type]
        self.layout = Layout.from_settings(self.settings)
        self.rt: Runtime = build_runtime(self.settings, detector=detector)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs = tempfile.mkdtemp(prefix="hifazat-workers-")

    def setup(self, creator: str = "zara.lifestyle") -> None:
        with self.rt.read() as s:
            from hifazat.db.tables import Creator

            known = s.scalar(select(Creator.id).where(Creator.handle == creator))
        if known is None:
            creators.register_creator(
                self.rt, SYSTEM, creators.NewCreator(handle=creator, display_name="Z", region="PK")
            )
        asyncio.run(self._ensure())

    async def _ensure(self) -> None:
        nc = await connect(self.settings.nats_url)
        try:
            await ensure(nc.jetstream(), self.layout)
        finally:
            await nc.close()

    def start_worker(self, batch: int = 50) -> subprocess.Popen[bytes]:
        n = len(self.workers)
        proc = subprocess.Popen(
            [sys.executable, "-m", "hifazat", "worker", "--batch", str(batch)],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.logs, f"worker{n}.log"), "ab"),  # noqa: SIM115
        )
        self.workers.append(proc)
        return proc

    def publish(self, events: list[EventIn]) -> None:
        async def go() -> None:
            nc = await connect(self.settings.nats_url)
            try:
                js = nc.jetstream()
                for i in range(0, len(events), 500):
                    await publish(js, self.layout, events[i : i + 500])
            finally:
                await nc.close()

        asyncio.run(go())

    def processed(self) -> int:
        try:
            with self.rt.read() as s:
                return int(s.scalar(select(func.count()).select_from(ProcessedEvent)) or 0)
        except Exception:
            return -1  # the database is restarting

    def stream_info(self) -> Any:
        async def go() -> Any:
            nc = await connect(self.settings.nats_url)
            try:
                return await info(nc.jetstream(), self.layout)
            finally:
                await nc.close()

        return asyncio.run(go())

    def stop(self) -> None:
        for p in self.workers:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.workers:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        self.rt.engine.dispose()
        shutil.rmtree(self.logs, ignore_errors=True)

    def worker_logs(self) -> str:
        out = []
        for name in sorted(os.listdir(self.logs)):
            with open(os.path.join(self.logs, name), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            # the whole last traceback when there is one (where it started matters), else the tail
            start = text.rfind("Traceback (most recent call last)")
            keep = text[start:] if start >= 0 and len(text) - start <= 12_000 else text[-3000:]
            out.append(f"--- {name}\n{keep}")
        return "\n".join(out)


def comment_events(prefix: str, n: int, creator: str = "zara.lifestyle") -> list[EventIn]:
    texts = ["great video!", "tu kutta hai", "bohat acha laga", "shukriya behen", "bakwas band kar"]
    return [
        EventIn(
            id=f"{prefix}-{i}",
            type="comment_created",
            data={
                "creator": creator,
                "text": f"{texts[i % len(texts)]} #{i}",
                "author": {"id": f"u{i % 50}"},
            },
        )
        for i in range(n)
    ]


def assert_exactly_once(fleet: Fleet, ids: list[str]) -> None:
    """Every id has one processed row, one comment and exactly one decision; chain intact."""
    from hifazat.db.tables import Comment, Decision
    from hifazat.services import audit

    with fleet.rt.read() as s:
        stored = set(s.scalars(select(ProcessedEvent.event_id)))
        assert stored == set(ids)
        statuses = set(s.scalars(select(ProcessedEvent.status)))
        assert statuses == {"decided"}
        assert s.scalar(select(func.count()).select_from(Comment)) == len(ids)
        per_comment = s.execute(
            select(Decision.comment_id, func.count()).group_by(Decision.comment_id)
        ).all()
        assert len(per_comment) == len(ids)
        assert {n for _, n in per_comment} == {1}
        assert audit.verify(s).ok
