"""A worker on the shared NATS JetStream (unique stream per test) and the test database:
decisions out, poison events to the dead-letter subject, redelivery changes nothing."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from sqlalchemy import func, select

from hifazat.db.stream_tables import ProcessedEvent
from hifazat.db.tables import Decision
from hifazat.services.runtime import Runtime
from hifazat.stream.jetstream import Layout, connect, ensure
from hifazat.stream.publisher import publish
from hifazat.stream.wire import EventIn
from hifazat.stream.worker import Worker, WorkerConfig

pytestmark = pytest.mark.nats


def _count(rt: Runtime, table: object) -> int:
    with rt.read() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


async def _until(check: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


def _own_streams(rt: Runtime, url: str, letter: str, **settings: object) -> Layout:
    """Point ``rt`` at streams of its own on the shared NATS server (short retention)."""
    tag = uuid.uuid4().hex[:8]
    rt.settings = rt.settings.model_copy(
        update={
            "nats_url": url,
            "nats_stream": f"{letter}{tag.upper()}",
            "nats_subject_prefix": f"{letter.lower()}{tag}",
            "nats_max_age_days": 0.01,
            **settings,
        }
    )
    return Layout.from_settings(rt.settings)


def test_worker_decides_dead_letters_and_replays(
    rt: Runtime, creator: str, shared_nats_url: str
) -> None:
    layout = _own_streams(rt, shared_nats_url, "W")
    good = [
        EventIn(id=f"g{i}", type="comment_created", data={"creator": creator, "text": t})
        for i, t in enumerate(["acha video", "tu kutta hai", "shukriya"])
    ]
    poison = EventIn(id="p1", type="comment_created", data={"creator": "nobody", "text": "hi"})

    async def scenario() -> tuple[int, int, list[str]]:
        nc = await connect(shared_nats_url)
        js = nc.jetstream()
        await ensure(js, layout)
        worker = Worker(rt, layout, WorkerConfig(batch=10, fetch_timeout_s=0.2), shared_nats_url)
        task = asyncio.create_task(worker.run())
        try:
            await publish(js, layout, [*good, poison])
            await js.publish(f"{layout.prefix}.events.comment_created", b"not json at all")
            await _until(lambda: _count(rt, ProcessedEvent) == 4)
            await _until(lambda: worker.processed == 4)
            # the same events again, past the stream's duplicate window: the database answers
            for e in [*good, poison]:
                await js.publish(
                    f"{layout.prefix}.events.comment_created", e.model_dump_json().encode()
                )
            await _until(lambda: worker.processed == 8)
            decisions = (await js.stream_info(layout.decisions_stream)).state.messages
            dead_info = await js.stream_info(layout.dead_stream)
            sub = await js.pull_subscribe(f"{layout.prefix}.dead.>", stream=layout.dead_stream)
            msgs = await sub.fetch(dead_info.state.messages, timeout=5)
            codes = sorted((m.headers or {}).get("Hifazat-Error-Code", "") for m in msgs)
            return decisions, dead_info.state.messages, codes
        finally:
            worker.stop()
            await asyncio.wait_for(task, 30)
            for name in (layout.events_stream, layout.decisions_stream, layout.dead_stream):
                await js.delete_stream(name)
            await nc.close()

    decisions, dead, codes = asyncio.run(scenario())
    assert _count(rt, Decision) == 3  # exactly one per good event, redelivery or not
    assert decisions == 3  # repeats carry the same Nats-Msg-Id: JetStream drops them
    assert dead == 2
    assert codes == ["malformed_event", "unknown_creator"]


def test_partitions_by_creator_keep_a_creators_events_together(
    rt: Runtime, creator: str, shared_nats_url: str
) -> None:
    """With N partitions a creator's events all land in one partition, whose worker takes them
    in stream order; a worker on another partition never sees them."""
    from hifazat.stream.wire import partition_of

    layout = _own_streams(rt, shared_nats_url, "P", nats_partitions=4)
    mine = partition_of(creator, 4)
    other = (mine + 1) % 4
    events = [
        EventIn(
            id=f"o{i}", type="comment_created", data={"creator": creator, "text": f"comment {i}"}
        )
        for i in range(30)
    ]

    async def scenario() -> tuple[int, int, list[int]]:
        nc = await connect(shared_nats_url)
        js = nc.jetstream()
        await ensure(js, layout)
        idle = Worker(
            rt, layout, WorkerConfig(batch=7, fetch_timeout_s=0.2, partition=other), shared_nats_url
        )
        busy = Worker(
            rt, layout, WorkerConfig(batch=7, fetch_timeout_s=0.2, partition=mine), shared_nats_url
        )
        tasks = [asyncio.create_task(idle.run()), asyncio.create_task(busy.run())]
        try:
            await publish(js, layout, events)
            await _until(lambda: busy.processed == 30)
            pending = (
                await js.consumer_info(layout.events_stream, layout.consumer(mine))
            ).num_pending
            with rt.read() as s:
                order = [
                    int(e.removeprefix("o"))
                    for e in s.scalars(select(ProcessedEvent.event_id).order_by(ProcessedEvent.id))
                ]
            return idle.processed, int(pending or 0), order
        finally:
            idle.stop()
            busy.stop()
            await asyncio.wait_for(asyncio.gather(*tasks), 30)
            for name in (layout.events_stream, layout.decisions_stream, layout.dead_stream):
                await js.delete_stream(name)
            await nc.close()

    idle_count, pending, order = asyncio.run(scenario())
    assert idle_count == 0
    assert pending == 0
    assert order == sorted(order)  # stored in the order they were published


def test_an_event_that_runs_out_of_deliveries_is_dead_lettered(
    rt: Runtime, creator: str, shared_nats_url: str
) -> None:
    """Workers that die holding an event use up its deliveries; when JetStream gives up on it
    the worker dead-letters it (``max_deliveries``, with the original body and subject) and the
    stream carries on."""
    layout = _own_streams(rt, shared_nats_url, "M", worker_max_deliver=2, worker_ack_wait_s=1.0)
    doomed = EventIn(id="d1", type="comment_created", data={"creator": creator, "text": "hi"})
    later = EventIn(id="d2", type="comment_created", data={"creator": creator, "text": "shukriya"})

    async def scenario() -> tuple[list[object], bytes, dict[str, str]]:
        nc = await connect(shared_nats_url)
        js = nc.jetstream()
        await ensure(js, layout)
        try:
            await publish(js, layout, [doomed])
            crashed = await js.pull_subscribe_bind(
                durable=layout.consumer(None), stream=layout.events_stream
            )
            for n in (1, 2):  # delivered twice, never acknowledged: two workers died on it
                (msg,) = await crashed.fetch(1, timeout=15)
                assert msg.metadata.num_delivered == n
            await crashed.unsubscribe()
            worker = Worker(
                rt, layout, WorkerConfig(batch=10, fetch_timeout_s=0.2), shared_nats_url
            )
            task = asyncio.create_task(worker.run())
            try:
                dead = await js.pull_subscribe(
                    layout.dead_subject("events"), stream=layout.dead_stream
                )
                (letter,) = await dead.fetch(1, timeout=30)
                await publish(js, layout, [later])
                await _until(lambda: _count(rt, ProcessedEvent) == 1)
                with rt.read() as s:
                    stored = list(s.scalars(select(ProcessedEvent.event_id)))
            finally:
                worker.stop()
                await asyncio.wait_for(task, 30)
            return stored, letter.data, dict(letter.headers or {})
        finally:
            for name in (layout.events_stream, layout.decisions_stream, layout.dead_stream):
                await js.delete_stream(name)
            await nc.close()

    stored, body, headers = asyncio.run(scenario())
    assert stored == ["d2"]  # the stream went on; the doomed event changed nothing
    assert headers["Hifazat-Error-Code"] == "max_deliveries"
    assert headers["Hifazat-Error"].startswith("failed 2 deliveries")
    assert headers["Hifazat-Original-Subject"].endswith(".events.comment_created")
    assert EventIn.model_validate_json(body).id == "d1"


def test_decisions_are_published_once_per_event(
    rt: Runtime, creator: str, shared_nats_url: str
) -> None:
    """A decision goes out on ``hifazat.decisions`` when it is committed, with the event id as
    ``Nats-Msg-Id``; a redelivered or re-published event does not put it out again."""
    layout = _own_streams(rt, shared_nats_url, "D")
    events = [
        EventIn(id=f"once{i}", type="comment_created", data={"creator": creator, "text": t})
        for i, t in enumerate(["acha video", "tu kutta hai"])
    ]

    async def scenario() -> list[tuple[str, str]]:
        nc = await connect(shared_nats_url)
        js = nc.jetstream()
        await ensure(js, layout)
        worker = Worker(rt, layout, WorkerConfig(batch=10, fetch_timeout_s=0.2), shared_nats_url)
        task = asyncio.create_task(worker.run())
        try:
            await publish(js, layout, events)
            await _until(lambda: worker.processed == 2)
            for e in events:  # published again without a Nats-Msg-Id: the database replays
                await js.publish(
                    f"{layout.prefix}.events.comment_created", e.model_dump_json().encode()
                )
            await _until(lambda: worker.processed == 4)
            sub = await js.pull_subscribe(layout.decisions_subject, stream=layout.decisions_stream)
            n = (await js.stream_info(layout.decisions_stream)).state.messages
            msgs = await sub.fetch(n, timeout=5)
            return [((m.headers or {}).get("Nats-Msg-Id", ""), m.subject) for m in msgs]
        finally:
            worker.stop()
            await asyncio.wait_for(task, 30)
            for name in (layout.events_stream, layout.decisions_stream, layout.dead_stream):
                await js.delete_stream(name)
            await nc.close()

    out = asyncio.run(scenario())
    assert sorted(msg_id for msg_id, _ in out) == ["once0", "once1"]
