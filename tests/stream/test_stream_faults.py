"""Fault tests on our OWN NATS JetStream and PostgreSQL: kill -9 a worker mid-batch, restart
PostgreSQL while workers run, restart NATS. Every event published ends with exactly one
decision; none is lost. Loopback only, each bounded in time."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from conftest import (
    Fleet,
    NatsServer,
    PgCluster,
    assert_exactly_once,
    comment_events,
    unique_layout_env,
    wait_until,
)

pytestmark = [pytest.mark.nats, pytest.mark.postgres]


@pytest.fixture
def fleet(own_nats: NatsServer, own_pg: PgCluster, detector) -> Iterator[Fleet]:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from hifazat.db.schema import metadata

    f = Fleet(unique_layout_env(own_nats.url, own_pg.url), detector)
    with f.rt.engine.begin() as conn:  # a clean database for each test
        names = ", ".join(t.name for t in metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    f.setup()
    yield f
    f.stop()


def _done(fleet: Fleet, n: int) -> bool:
    return fleet.processed() >= n


def test_kill_9_worker_mid_batch(fleet: Fleet) -> None:
    events = comment_events("kill", 2000)
    victim = fleet.start_worker(batch=100)
    fleet.publish(events)
    wait_until(lambda: fleet.processed() >= 300, 90, "the first worker to get going")
    victim.send_signal(signal.SIGKILL)  # no clean-up, no acks for the batch in hand
    victim.wait(10)
    stopped_at = fleet.processed()
    assert stopped_at < len(events), "the worker finished before it could be killed"
    in_flight = fleet.stream_info().ack_pending  # handed to the dead worker, never acked
    assert in_flight > 0, "nothing was in flight when the worker was killed"
    fleet.start_worker(batch=100)
    wait_until(lambda: _done(fleet, len(events)), 120, "every event after the kill", 0.25)
    assert_exactly_once(fleet, [e.id for e in events])
    wait_until(lambda: fleet.stream_info().decisions >= len(events), 30, "decisions out")


def test_restart_postgresql_while_workers_run(fleet: Fleet, own_pg: PgCluster) -> None:
    first, second = comment_events("pg-a", 1500), comment_events("pg-b", 500)
    fleet.start_worker(batch=100)
    fleet.start_worker(batch=100)
    fleet.publish(first)
    wait_until(lambda: fleet.processed() >= 200, 90, "workers to get going")
    own_pg.stop("immediate")  # a crash: every connection drops mid-transaction
    fleet.publish(second)  # the stream keeps accepting while the database is down
    own_pg.start()
    everything = first + second
    wait_until(lambda: _done(fleet, len(everything)), 120, "every event after the restart", 0.25)
    assert_exactly_once(fleet, [e.id for e in everything])
    assert all(w.poll() is None for w in fleet.workers), fleet.worker_logs()


def test_restart_nats_while_workers_run(fleet: Fleet, own_nats: NatsServer) -> None:
    first, second = comment_events("nats-a", 1500), comment_events("nats-b", 500)
    fleet.start_worker(batch=100)
    fleet.start_worker(batch=100)
    fleet.publish(first)
    wait_until(lambda: fleet.processed() >= 200, 90, "workers to get going")
    own_nats.stop()
    own_nats.start()  # same port, same store directory
    fleet.publish(second)
    everything = first + second
    wait_until(lambda: _done(fleet, len(everything)), 120, "every event after the restart", 0.25)
    assert_exactly_once(fleet, [e.id for e in everything])
    assert all(w.poll() is None for w in fleet.workers), fleet.worker_logs()


def test_worker_started_while_postgresql_is_down_waits_for_it(
    fleet: Fleet, own_pg: PgCluster
) -> None:
    import os

    events = comment_events("late-db", 300)
    own_pg.stop("fast")
    worker = fleet.start_worker(batch=100)
    log_file = os.path.join(fleet.logs, f"worker{len(fleet.workers) - 1}.log")

    def waiting() -> bool:
        with open(log_file, encoding="utf-8", errors="replace") as fh:
            return "waiting for the database" in fh.read()

    wait_until(waiting, 60, "the worker to report that it waits for the database")
    assert worker.poll() is None, fleet.worker_logs()  # waiting, not crashed
    own_pg.start()
    fleet.publish(events)
    wait_until(lambda: _done(fleet, len(events)), 120, "every event once the database is up", 0.25)
    assert_exactly_once(fleet, [e.id for e in events])
    assert worker.poll() is None, fleet.worker_logs()
