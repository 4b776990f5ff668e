"""The JetStream layout: streams, subjects, the durable consumer, and how to create them.

- ``<NATS_STREAM>_EVENTS`` on ``<prefix>.events.>``: limits retention for
  ``NATS_MAX_AGE_DAYS`` (7), file storage, ``NATS_REPLICAS`` (1; 3 in a cluster), a 2-minute
  duplicate window on ``Nats-Msg-Id`` (the event id).
- ``<NATS_STREAM>_DECISIONS`` on ``<prefix>.decisions``: same age and replicas.
- ``<NATS_STREAM>_DEAD`` on ``<prefix>.dead.>``: four times the age (poison events and failed
  webhooks wait for a person).

Workers share the durable pull consumer ``workers`` (or ``workers-p<k>`` for partition ``k``):
explicit acks, ``WORKER_ACK_WAIT_S``, ``WORKER_MAX_DELIVER``, ``WORKER_MAX_ACK_PENDING`` (the
bound on un-acknowledged events across all workers: back-pressure).
"""

from __future__ import annotations

from dataclasses import dataclass

import nats
from nats.aio.client import Client
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError

from hifazat.errors import StreamUnavailable
from hifazat.settings import Settings

DAY = 86400.0


#: JetStream drops a message whose ``Nats-Msg-Id`` it saw within this many seconds.
DUPLICATE_WINDOW_S = 120.0


@dataclass(frozen=True)
class Layout:
    prefix: str
    stream: str
    replicas: int
    max_age_s: float
    partitions: int
    ack_wait_s: float
    max_deliver: int
    max_ack_pending: int

    @classmethod
    def from_settings(cls, s: Settings) -> Layout:
        return cls(
            prefix=s.nats_subject_prefix,
            stream=s.nats_stream,
            replicas=s.nats_replicas,
            max_age_s=s.nats_max_age_days * DAY,
            partitions=s.nats_partitions,
            ack_wait_s=s.worker_ack_wait_s,
            max_deliver=s.worker_max_deliver,
            max_ack_pending=s.worker_max_ack_pending,
        )

    @property
    def events_stream(self) -> str:
        return f"{self.stream}_EVENTS"

    @property
    def decisions_stream(self) -> str:
        return f"{self.stream}_DECISIONS"

    @property
    def dead_stream(self) -> str:
        return f"{self.stream}_DEAD"

    @property
    def decisions_subject(self) -> str:
        return f"{self.prefix}.decisions"

    def dead_subject(self, kind: str) -> str:
        return f"{self.prefix}.dead.{kind}"

    def consumer(self, partition: int | None) -> str:
        return "workers" if partition is None else f"workers-p{partition}"

    def consumer_filter(self, partition: int | None) -> str:
        if partition is None:
            return f"{self.prefix}.events.>"
        return f"{self.prefix}.events.*.{partition}"


async def connect(url: str, *, name: str = "hifazat") -> Client:
    """A connection that keeps reconnecting for ever (a NATS restart is not fatal)."""
    try:
        return await nats.connect(
            servers=[url],
            name=name,
            connect_timeout=2,
            reconnect_time_wait=0.25,
            max_reconnect_attempts=-1,
            allow_reconnect=True,
        )
    except Exception as exc:  # nats raises several unrelated types here
        raise StreamUnavailable(f"cannot connect to NATS at {url}: {exc}") from exc


async def _ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    assert config.name is not None
    try:
        await js.stream_info(config.name)
    except NotFoundError:
        await js.add_stream(config)
        return
    await js.update_stream(config)


async def ensure(js: JetStreamContext, layout: Layout) -> None:
    """Create or update the three streams and the worker consumers (idempotent)."""
    common = {
        "retention": RetentionPolicy.LIMITS,
        "storage": StorageType.FILE,
        "num_replicas": layout.replicas,
        "discard": DiscardPolicy.OLD,
        "duplicate_window": DUPLICATE_WINDOW_S,
    }
    await _ensure_stream(
        js,
        StreamConfig(
            name=layout.events_stream,
            subjects=[f"{layout.prefix}.events.>"],
            max_age=layout.max_age_s,
            description="Hifazat events in: comment_created, report_filed, content_viewed, "
            "appeal_filed",
            **common,  # type: ignore[arg-type]
        ),
    )
    await _ensure_stream(
        js,
        StreamConfig(
            name=layout.decisions_stream,
            subjects=[layout.decisions_subject],
            max_age=layout.max_age_s,
            description="Hifazat decisions out",
            **common,  # type: ignore[arg-type]
        ),
    )
    await _ensure_stream(
        js,
        StreamConfig(
            name=layout.dead_stream,
            subjects=[f"{layout.prefix}.dead.>"],
            max_age=layout.max_age_s * 4,
            description="Hifazat dead letters: poison events and failed webhooks, with errors",
            **common,  # type: ignore[arg-type]
        ),
    )
    partitions: list[int | None] = (
        [None] if layout.partitions <= 1 else list(range(layout.partitions))
    )
    for p in partitions:
        await js.add_consumer(
            layout.events_stream,
            ConsumerConfig(
                durable_name=layout.consumer(p),
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
                ack_wait=layout.ack_wait_s,
                max_deliver=layout.max_deliver,
                max_ack_pending=layout.max_ack_pending,
                filter_subject=layout.consumer_filter(p),
                description="Hifazat workers",
            ),
        )


@dataclass(frozen=True)
class StreamInfo:
    events: int
    decisions: int
    dead: int
    pending: int
    ack_pending: int
    redelivered: int


async def info(js: JetStreamContext, layout: Layout, partition: int | None = None) -> StreamInfo:
    ev = await js.stream_info(layout.events_stream)
    dec = await js.stream_info(layout.decisions_stream)
    dead = await js.stream_info(layout.dead_stream)
    ci = await js.consumer_info(layout.events_stream, layout.consumer(partition))
    return StreamInfo(
        events=ev.state.messages,
        decisions=dec.state.messages,
        dead=dead.state.messages,
        pending=ci.num_pending or 0,
        ack_pending=ci.num_ack_pending or 0,
        redelivered=ci.num_redelivered or 0,
    )
