"""End to end on NATS JetStream + PostgreSQL: publish → decision committed, 1 vs 2 workers.

Starts its own nats-server and its own PostgreSQL cluster on free loopback ports (as the
postgres user when run as root), migrates, registers creators, then for each worker count:
starts `hifazat worker` processes, publishes N comment events as fast as it can and times
until every one has its decision committed (throughput). Then, with 2 workers, publishes at a
fixed rate (default: half the measured 2-worker throughput) and measures publish → decision
latency per event from the decisions subject (published after the commit)."""

from __future__ import annotations

import argparse
import asyncio
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
from datetime import UTC, datetime
from pathlib import Path

import orjson
from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus, machine, percentile

from hifazat.db import migrate
from hifazat.db.stream_tables import ProcessedEvent
from hifazat.domain.access import SYSTEM
from hifazat.services import creators
from hifazat.services.runtime import build_runtime
from hifazat.settings import Settings
from hifazat.stream.jetstream import Layout, connect, ensure
from hifazat.stream.publisher import encode
from hifazat.stream.wire import EventIn, subject_for

CREATORS = [f"bench.creator{i}" for i in range(20)]


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (from /proc)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / TICKS


def postgres_pids(data_dir: str) -> list[int]:
    with open(f"{data_dir}/postmaster.pid", encoding="ascii") as fh:
        master = int(fh.readline())
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [master, *(int(p) for p in out.split())]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing on port {port}")


class Services:
    def __init__(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="hifazat-bench-")
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.tmp, "postgres", "postgres")
        self.pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        self.pg_port, self.nats_port = free_port(), free_port()
        self.nats: subprocess.Popen[bytes] | None = None

    def _pg(self, tool: str, *args: str) -> None:
        cmd = [f"{self.pg_bin}/{tool}", *args]
        if self.root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._pg("initdb", "-D", f"{self.tmp}/pg", "-A", "trust", "-U", "postgres", "-N")
        opts = (
            f"-p {self.pg_port} -k {self.tmp} -c listen_addresses=127.0.0.1 "
            "-c shared_buffers=256MB -c max_connections=50 -c synchronous_commit=on"
        )
        self._pg(
            "pg_ctl", "-D", f"{self.tmp}/pg", "-o", opts, "-l", f"{self.tmp}/pg.log", "-w", "start"
        )
        nats_bin = shutil.which("nats-server") or "/usr/sbin/nats-server"
        self.nats = subprocess.Popen(
            [
                nats_bin,
                "-a",
                "127.0.0.1",
                "-p",
                str(self.nats_port),
                "-js",
                "-sd",
                f"{self.tmp}/js",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.nats_port)

    def stop(self) -> None:
        if self.nats is not None:
            self.nats.terminate()
            self.nats.wait(20)
        try:
            self._pg("pg_ctl", "-D", f"{self.tmp}/pg", "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def db_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.pg_port}/postgres"

    @property
    def nats_url(self) -> str:
        return f"nats://127.0.0.1:{self.nats_port}"


def events(tag: str, n: int) -> list[EventIn]:
    texts = corpus(n, seed=hash(tag) % 1000)
    return [
        EventIn(
            id=f"{tag}-{i}",
            type="comment_created",
            data={
                "creator": CREATORS[i % len(CREATORS)],
                "text": t,
                "author": {"id": f"{tag}-u{i % 997}"},
            },
        )
        for i, t in enumerate(texts)
    ]


class Run:
    def __init__(self, svc: Services, workers: int, batch: int) -> None:
        tag = uuid.uuid4().hex[:8]
        self.env = {
            **os.environ,
            "HIFAZAT_DATABASE_URL": svc.db_url,
            "HIFAZAT_NATS_URL": svc.nats_url,
            "HIFAZAT_NATS_STREAM": f"B{tag.upper()}",
            "HIFAZAT_NATS_SUBJECT_PREFIX": f"b{tag}",
            "HIFAZAT_LOG_LEVEL": "WARNING",
            "HIFAZAT_ENVIRONMENT": "test",
            "HIFAZAT_SECRET_KEY": "bench-secret-key-0123456789",
        }
        self.settings = Settings(
            database_url=svc.db_url,
            nats_url=svc.nats_url,
            nats_stream=f"B{tag.upper()}",
            nats_subject_prefix=f"b{tag}",
            environment="test",
            secret_key="bench-secret-key-0123456789",
        )
        self.layout = Layout.from_settings(self.settings)
        self.engine = create_engine(svc.db_url)
        self.procs: list[subprocess.Popen[bytes]] = []
        self.health = [free_port() for _ in range(workers)]
        self.batch = batch

    def wal_lsn(self) -> str:
        with self.engine.connect() as c:
            return str(c.execute(text("SELECT pg_current_wal_lsn()")).scalar())

    def wal_bytes_since(self, lsn: str) -> float:
        with self.engine.connect() as c:
            return float(
                c.execute(
                    text("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), CAST(:lsn AS pg_lsn))"),
                    {"lsn": lsn},
                ).scalar()
                or 0
            )

    def processed(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(ProcessedEvent)).scalar() or 0)

    def start(self) -> None:
        asyncio.run(self._ensure())
        bin_dir = Path(sys.executable).parent
        for port in self.health:
            self.procs.append(
                subprocess.Popen(
                    [
                        bin_dir / "hifazat",
                        "worker",
                        "--batch",
                        str(self.batch),
                        "--health-port",
                        str(port),
                        "--no-webhooks",
                    ],
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        import httpx

        for port in self.health:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("worker did not become ready")
                time.sleep(0.2)

    async def _ensure(self) -> None:
        nc = await connect(self.settings.nats_url)
        await ensure(nc.jetstream(), self.layout)
        await nc.close()

    def stop(self) -> None:
        for p in self.procs:
            p.send_signal(signal.SIGTERM)
        for p in self.procs:
            p.wait(30)
        self.engine.dispose()

    async def publish_all(self, evs: list[EventIn]) -> None:
        nc = await connect(self.settings.nats_url)
        js = nc.jetstream()
        window = 2000
        for i in range(0, len(evs), window):
            await asyncio.gather(*(self._pub(js, e) for e in evs[i : i + window]))
        await nc.close()

    async def _pub(self, js, e: EventIn) -> None:  # type: ignore[no-untyped-def]
        creator = str(e.data["creator"])
        await js.publish(
            subject_for(self.layout.prefix, e.type, creator, 1),
            encode(e),
            headers={"Nats-Msg-Id": e.id},
        )

    async def paced(self, evs: list[EventIn], rate: float) -> dict[str, float]:
        """Publish at ``rate``/s; return publish→decision seconds per event id."""
        nc = await connect(self.settings.nats_url)
        js = nc.jetstream()
        sent: dict[str, float] = {}
        got: dict[str, float] = {}

        async def on_decision(msg) -> None:  # type: ignore[no-untyped-def]
            d = orjson.loads(msg.data)
            got.setdefault(d["event_id"], time.time())

        await nc.subscribe(self.layout.decisions_subject, cb=on_decision)
        t0 = time.monotonic()
        tick = 0.02
        per_tick = rate * tick
        i = 0
        pending = []
        while i < len(evs):
            due = int((time.monotonic() - t0) / tick * per_tick) + 1
            chunk = evs[i : min(len(evs), due)]
            for e in chunk:
                stamped = e.model_copy(update={"published_at": datetime.now(UTC)})
                sent[e.id] = time.time()
                pending.append(asyncio.ensure_future(self._pub(js, stamped)))
            i += len(chunk)
            await asyncio.sleep(tick)
        await asyncio.gather(*pending)
        deadline = time.monotonic() + 120
        while len(got) < len(evs) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await nc.close()
        return {k: got[k] - sent[k] for k in got}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--latency-seconds", type=float, default=15.0)
    parser.add_argument(
        "--rate", type=float, default=0.0, help="latency run rate (0: half of 2-worker throughput)"
    )
    args = parser.parse_args()
    svc = Services()
    svc.start()
    runs: list[str] = []
    latency: list[str] = []
    held = 0.0
    try:
        migrate.upgrade(svc.db_url)
        rt = build_runtime(
            Settings(
                database_url=svc.db_url,
                environment="test",
                secret_key="bench-secret-key-0123456789",
            )
        )
        for handle in CREATORS:
            creators.register_creator(
                rt, SYSTEM, creators.NewCreator(handle=handle, display_name=handle, region="PK")
            )
        rt.engine.dispose()
        throughput: dict[int, float] = {}
        for workers in (1, 2):
            run = Run(svc, workers, args.batch)
            with run.engine.begin() as c:
                c.execute(text("TRUNCATE processed_events"))  # count only this run's events
            run.start()
            evs = events(f"w{workers}", args.events)
            worker_pids = [p.pid for p in run.procs]
            w_cpu0 = cpu_seconds(worker_pids)
            pg_cpu0 = cpu_seconds(postgres_pids(f"{svc.tmp}/pg"))
            load0 = os.getloadavg()[0]
            wal0 = run.wal_lsn()
            t0 = time.perf_counter()
            asyncio.run(run.publish_all(evs))
            published = time.perf_counter() - t0
            deadline = time.monotonic() + 1800
            while run.processed() < len(evs) and time.monotonic() < deadline:
                time.sleep(0.1)
            elapsed = time.perf_counter() - t0
            done = run.processed()
            w_cpu = cpu_seconds(worker_pids) - w_cpu0
            pg_cpu = cpu_seconds(postgres_pids(f"{svc.tmp}/pg")) - pg_cpu0
            load1 = os.getloadavg()[0]
            wal = run.wal_bytes_since(wal0) / done
            throughput[workers] = done / elapsed
            runs.append(
                f"| {workers} | {done:,} | {elapsed:.1f} s | **{throughput[workers]:,.0f}** "
                f"| {len(evs) / published:,.0f} | {w_cpu / done * 1000:.2f} "
                f"| {pg_cpu / done * 1000:.2f} | {done / w_cpu:,.0f} "
                f"| {2 / ((w_cpu + pg_cpu) / done):,.0f} | {wal / 1024:.1f} KB "
                f"| {load0:.1f} → {load1:.1f} |"
            )
            if workers == 2:
                rate = args.rate or throughput[2] / 2
                lat_evs = events("lat", int(rate * args.latency_seconds))
                load0 = os.getloadavg()[0]
                lat = asyncio.run(run.paced(lat_evs, rate))
                ms = [v * 1000 for v in lat.values()]
                latency.append(
                    f"| 2 | {rate:,.0f}/s for {args.latency_seconds:.0f} s | {len(ms):,} of "
                    f"{len(lat_evs):,} | {percentile(ms, 50):.0f} ms | {percentile(ms, 99):.0f} ms "
                    f"| {max(ms):.0f} ms | {load0:.1f} → {os.getloadavg()[0]:.1f} |"
                )
            with run.engine.connect() as c:
                held = float(
                    c.execute(
                        text(
                            "SELECT avg(CASE WHEN action IN ('hold', 'escalate')"
                            " THEN 1.0 ELSE 0 END) FROM decisions"
                        )
                    ).scalar()
                    or 0
                )
            run.stop()
    finally:
        svc.stop()
    print(f"Streaming end to end (own nats-server + PostgreSQL on loopback) — {machine()}")
    print(f"events per run: {args.events}, worker batch: {args.batch}, {len(CREATORS)} creators")
    print(f"held for review (each opens a case): {held:.0%} of comments")
    print()
    print(
        "| workers | events | publish → last decision committed | events/s | publish rate "
        "(client) | worker CPU ms/event | PostgreSQL CPU ms/event | events per worker "
        "CPU-second | CPU-bound ceiling on 2 dedicated cores | WAL per event | load average "
        "(1 min) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for line in runs:
        print(line)
    print()
    print("| workers | latency run | decided | p50 | p99 | max | load average (1 min) |")
    print("|---|---|---|---|---|---|---|")
    for line in latency:
        print(line)


if __name__ == "__main__":
    main()
