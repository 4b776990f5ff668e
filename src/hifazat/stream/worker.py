"""``hifazat worker``: pull events in batches, run the batch service, commit, then acknowledge.

At-least-once delivery, exactly-once effect: the database decides whether an event id is new
(``processed_events``), so a batch redelivered after a crash is answered from storage. Order of
work for each batch:

1. decode; a message that is not an event envelope goes to ``<prefix>.dead.events`` and is acked;
2. :func:`hifazat.services.events.ingest_events` in a thread (one transaction);
   a database outage is retried here with backoff, messages kept in progress (never nak'ed, so
   an outage never uses up deliveries); an unexpected error isolates the batch event by event
   and dead-letters the one that fails;
3. decisions published on ``<prefix>.decisions`` (``Nats-Msg-Id``: the event id; the
   stream's acknowledgements of a batch's decisions awaited together, see
   :mod:`hifazat.stream.pub_acks`), rejected events on ``<prefix>.dead.events`` with their error;
4. ack. A crash anywhere before 4 means redelivery, which changes nothing in the database.

Back-pressure: one batch in hand per worker (the next is fetched when it is done); the
consumer's ``max_ack_pending`` bounds the total across workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.client import JetStreamContext
from pydantic import ValidationError
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from hifazat.domain.access import Principal, Role
from hifazat.services.events import DECIDED, REJECTED, Event, EventOutcome, ingest_events
from hifazat.services.runtime import Runtime
from hifazat.stream import metrics as m
from hifazat.stream.jetstream import DUPLICATE_WINDOW_S, Layout, connect, ensure
from hifazat.stream.pub_acks import PubAcks, all_stored
from hifazat.stream.wire import EventIn, to_event

log = logging.getLogger("hifazat.stream.worker")
STREAM_PRINCIPAL = Principal(role=Role.INTEGRATOR, name="stream")
#: Worth retrying in place: the database is away, or does not match the code (a deployment in
#: progress). Anything else is about the event itself: isolate it and dead-letter it.
TRANSIENT = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.ProgrammingError,
)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, TRANSIENT)


@dataclass
class WorkerConfig:
    batch: int = 200
    #: How long a fetch waits for a batch to fill once it has its first event: short, so a
    #: lightly loaded worker decides within tens of milliseconds (under load batches fill from
    #: what is already waiting, without waiting at all).
    fetch_timeout_s: float = 0.05
    partition: int | None = None
    max_backoff_s: float = 5.0


class Worker:
    def __init__(self, rt: Runtime, layout: Layout, config: WorkerConfig, url: str) -> None:
        self.rt = rt
        self.layout = layout
        self.config = config
        self.url = url
        self.nc: Client | None = None
        self.js: JetStreamContext | None = None
        self.acks: PubAcks | None = None
        self.stopping = asyncio.Event()
        self.processed = 0
        #: Why a message was left un-acknowledged, by stream sequence (for its dead letter
        #: if it runs out of deliveries).
        self.failures: dict[int, str] = {}

    # -- health ---------------------------------------------------------------------------

    def nats_ready(self) -> bool:
        return self.nc is not None and self.nc.is_connected

    def db_ready(self) -> bool:
        try:
            with self.rt.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    # -- main loop ------------------------------------------------------------------------

    async def run(self) -> None:
        self.nc = await connect(self.url, name="hifazat-worker")
        self.js = self.nc.jetstream()
        self.acks = PubAcks(self.nc)
        await ensure(self.js, self.layout)
        sub = await self.js.pull_subscribe_bind(
            durable=self.layout.consumer(self.config.partition),
            stream=self.layout.events_stream,
        )
        consumer = self.layout.consumer(self.config.partition)
        advisories = await self.nc.subscribe(
            f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{self.layout.events_stream}.{consumer}",
            cb=self._max_deliveries,
        )
        lag = asyncio.create_task(self._lag())
        try:
            while not self.stopping.is_set():
                msgs = await self._fetch(sub)
                if msgs:
                    await self.handle(msgs)  # even when stopping meanwhile: the batch in hand
        finally:
            lag.cancel()
            await _quietly(advisories.unsubscribe())
            await _quietly(asyncio.wait_for(self.nc.close(), timeout=5))

    def stop(self) -> None:
        self.stopping.set()

    async def _fetch(self, sub: JetStreamContext.PullSubscription) -> list[Msg]:
        """The next batch: what is waiting, or what arrives within ``fetch_timeout_s`` of the
        first event. Fetched only when the previous batch is done, so events that arrive
        while a batch is processed wait in the stream and make the next batch bigger (no
        batch fetched ahead sits in memory while its events age)."""
        try:
            msgs = await sub.fetch(self.config.batch, timeout=self.config.fetch_timeout_s)
        except TimeoutError:
            return []
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # disconnected, server restarting...
            m.ERRORS.inc(stage="fetch")
            log.warning("fetch failed (%s); retrying", type(exc).__name__)
            await asyncio.sleep(0.5)
            return []
        m.IN_FLIGHT.set(len(msgs))
        return list(msgs)

    async def _lag(self) -> None:
        assert self.js is not None
        while True:
            try:
                ci = await self.js.consumer_info(
                    self.layout.events_stream, self.layout.consumer(self.config.partition)
                )
                m.LAG.set(float(ci.num_pending or 0))
            except asyncio.CancelledError:
                raise
            except Exception:
                pass
            await asyncio.sleep(2.0)

    # -- one batch ------------------------------------------------------------------------

    async def handle(self, msgs: Sequence[Msg]) -> None:
        t0 = time.perf_counter()
        good: list[tuple[Msg, Event]] = []
        last: list[tuple[Msg, Event]] = []
        for msg in msgs:
            event = self._decode(msg)
            if event is None:
                await self._dead(msg, "malformed_event", "not an event envelope", None)
                await _quietly(msg.ack())
                continue
            m.EVENTS_IN.inc(type=event.type, path="worker")
            # On its last delivery an event is processed on its own: nothing else in a batch
            # can make it fail again (and if it fails, it is dead-lettered below).
            final = msg.metadata.num_delivered is not None and (
                msg.metadata.num_delivered >= self.layout.max_deliver
            )
            (last if final else good).append((msg, event))
        if good:
            await self._run(good)
        for pair in last:
            await self._run([pair])
        m.BATCH_SECONDS.observe(time.perf_counter() - t0)
        m.IN_FLIGHT.set(0)

    async def _run(self, good: list[tuple[Msg, Event]]) -> None:
        outcomes = await self._ingest(good)
        if await self._publish(good, outcomes):
            for (msg, _), o in zip(good, outcomes, strict=True):
                if o is not None:
                    self.failures.pop(msg.metadata.sequence.stream, None)
                    await _quietly(msg.ack())
        self.processed += len(good)

    def _failed(self, msgs: Sequence[Msg], why: str) -> None:
        """Remember why these messages were left un-acknowledged (bounded)."""
        for msg in msgs:
            self.failures[msg.metadata.sequence.stream] = why[:1000]
        while len(self.failures) > 10_000:
            self.failures.pop(next(iter(self.failures)))

    async def _max_deliveries(self, advisory: Msg) -> None:
        """JetStream gave up on a message (``max_deliver`` deliveries, none acknowledged: the
        workers holding it crashed or timed out): dead-letter it with the last known error,
        so it is visible and replayable; the stream moves on without it."""
        try:
            info = orjson.loads(advisory.data)
            seq = int(info["stream_seq"])
            deliveries = int(info.get("deliveries") or self.layout.max_deliver)
            assert self.js is not None
            raw = await self.js.get_msg(self.layout.events_stream, seq)
        except Exception as exc:  # the advisory or the message is gone: nothing to move
            m.ERRORS.inc(stage="dead_letter")
            log.warning("max-deliveries advisory not handled (%s)", type(exc).__name__)
            return
        why = self.failures.pop(seq, None) or "not acknowledged (a worker crashed or timed out)"
        try:
            event_id = str(orjson.loads(raw.data or b"{}").get("id") or f"seq-{seq}")
        except (orjson.JSONDecodeError, AttributeError):
            event_id = f"seq-{seq}"
        headers = {
            "Hifazat-Error-Code": "max_deliveries",
            "Hifazat-Error": f"failed {deliveries} deliveries: {why}".replace("\n", " ")[:1000],
            "Hifazat-Original-Subject": raw.subject or "",
            "Nats-Msg-Id": f"dead:{event_id}",
        }
        await _quietly(
            self.js.publish(self.layout.dead_subject("events"), raw.data or b"", headers=headers)
        )
        m.EVENTS_REJECTED.inc(code="max_deliveries")

    def _decode(self, msg: Msg) -> Event | None:
        try:
            raw = orjson.loads(msg.data)
            if not isinstance(raw, dict):
                return None
            if "type" not in raw:  # a platform may publish the bare body on hifazat.events.<type>
                parts = msg.subject.split(".")
                raw["type"] = parts[2] if len(parts) > 2 else ""
            env = EventIn.model_validate(raw)
        except (orjson.JSONDecodeError, ValidationError):
            return None
        event = to_event(env)
        if event.published_at is None:
            event = dataclasses.replace(event, published_at=msg.metadata.timestamp)
        return event

    async def _ingest(self, good: list[tuple[Msg, Event]]) -> list[EventOutcome | None]:
        """One outcome per message; ``None`` leaves a message un-acked (redelivered later)."""
        events = [e for _, e in good]
        backoff = 0.1
        while True:
            try:
                outs = await asyncio.to_thread(ingest_events, self.rt, STREAM_PRINCIPAL, events)
                return list(outs)
            except Exception as exc:
                if not is_transient(exc):
                    m.ERRORS.inc(stage="batch")
                    log.warning("batch failed (%s); isolating its events", type(exc).__name__)
                    return await self._one_by_one(good)
                why = f"database unavailable: {type(exc).__name__}"
                m.ERRORS.inc(stage="database")
                log.warning(
                    "database unavailable (%s); retrying in %.1fs", type(exc).__name__, backoff
                )
            if self.stopping.is_set():
                self._failed([msg for msg, _ in good], why)
                return [None] * len(good)  # not acked: redelivered to the next worker
            for msg, _ in good:
                await _quietly(msg.in_progress())
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self.config.max_backoff_s)

    async def _one_by_one(self, good: list[tuple[Msg, Event]]) -> list[EventOutcome | None]:
        done: list[EventOutcome | None] = []
        for msg, event in good:
            try:
                (o,) = await asyncio.to_thread(ingest_events, self.rt, STREAM_PRINCIPAL, [event])
                done.append(o)
            except Exception as exc:
                if is_transient(exc):
                    self._failed([msg], f"database unavailable: {exc}")
                    done.append(None)  # left un-acked: redelivered after the ack wait
                    continue
                await self._dead(
                    msg, "internal_error", f"{type(exc).__name__}: {exc}"[:2000], event
                )
                done.append(EventOutcome(event.id, event.type, REJECTED, False, self.rt.now()))
                m.EVENTS_REJECTED.inc(code="internal_error")
        return done

    async def _publish(
        self, good: list[tuple[Msg, Event]], outcomes: list[EventOutcome | None]
    ) -> bool:
        """Decisions out, rejected events to the dead subject. False if NATS refused any."""
        assert self.acks is not None
        acks = self.acks
        now = datetime.now(UTC)
        pubs: list[Awaitable[Any]] = []
        stored: list[asyncio.Future[None]] = []
        refused: list[BaseException] = []
        for (msg, event), o in zip(good, outcomes, strict=True):
            if o is None:
                continue
            if o.replayed:
                m.EVENTS_REPLAYED.inc()
            if o.status == DECIDED and o.decision is not None:
                if not o.replayed:
                    m.DECISIONS_OUT.inc(action=str(o.decision["action"]))
                    if o.published_at is not None:
                        m.DECISION_LATENCY.observe(max(0.0, (now - o.published_at).total_seconds()))
                # Only decisions committed just now (or so recently that a crash may have come
                # between the commit and this publish): the duplicate window drops a repeat
                # of the same Nats-Msg-Id, and an older replay is not published again.
                if not o.replayed or (now - o.processed_at).total_seconds() < DUPLICATE_WINDOW_S:
                    try:
                        stored.append(
                            await acks.publish(
                                self.layout.decisions_subject,
                                orjson.dumps(o.decision),
                                {"Nats-Msg-Id": o.event_id},
                            )
                        )
                    except Exception as exc:  # not even sent (disconnected)
                        refused.append(exc)
            elif o.status == REJECTED and o.error_code:
                if not o.replayed:
                    m.EVENTS_REJECTED.inc(code=o.error_code)
                pubs.append(self._dead(msg, o.error_code, o.error or "", event))
        results = await asyncio.gather(*pubs, return_exceptions=True)
        failed = [*refused, *(r for r in results if isinstance(r, BaseException))]
        failed += await all_stored(stored)  # every decision stored by the stream, or a failure
        if failed:  # NATS went away: leave the batch un-acked, it is replayed on redelivery
            m.ERRORS.inc(stage="publish")
            self._failed([msg for msg, _ in good], f"publishing the outcome failed: {failed[0]}")
            log.warning("publishing %d outcomes failed; batch will be redelivered", len(failed))
            return False
        return True

    async def _dead(self, msg: Msg, code: str, reason: str, event: Event | None) -> None:
        assert self.js is not None
        headers = {
            "Hifazat-Error-Code": code,
            "Hifazat-Error": reason.replace("\r", " ").replace("\n", " ")[:1000],
            "Hifazat-Original-Subject": msg.subject,
            "Nats-Msg-Id": f"dead:{event.id if event else msg.metadata.sequence.stream}",
        }
        await self.js.publish(self.layout.dead_subject("events"), msg.data, headers=headers)


async def _quietly(aw: Awaitable[Any]) -> None:
    with contextlib.suppress(Exception):
        await aw
