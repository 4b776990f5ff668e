"""Publishing events to JetStream: one message per event, ``Nats-Msg-Id`` = event id, so a
publisher that retries within the duplicate window does not store the event twice."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson
from nats.js.client import JetStreamContext

from hifazat.errors import StreamUnavailable
from hifazat.stream.jetstream import Layout
from hifazat.stream.metrics import EVENTS_IN
from hifazat.stream.wire import EventIn, subject_for


def encode(env: EventIn) -> bytes:
    body = env.model_dump(mode="json")
    if body.get("published_at") is None:
        body["published_at"] = datetime.now(UTC).isoformat()
    return orjson.dumps(body)


async def publish(
    js: JetStreamContext, layout: Layout, events: Sequence[EventIn], timeout: float = 5.0
) -> int:
    """Publish a batch (concurrently; each is acknowledged by the stream). Returns how many were
    new to the stream (the rest were duplicates inside the duplicate window)."""

    async def one(env: EventIn) -> bool:
        creator = env.data.get("creator")
        subject = subject_for(
            layout.prefix,
            env.type,
            creator if isinstance(creator, str) else None,
            layout.partitions,
        )
        ack = await js.publish(
            subject, encode(env), timeout=timeout, headers={"Nats-Msg-Id": env.id}
        )
        return not ack.duplicate

    try:
        results = await asyncio.gather(*(one(e) for e in events))
    except Exception as exc:
        raise StreamUnavailable(f"publishing to the event stream failed: {exc}") from exc
    for env in events:
        EVENTS_IN.inc(type=env.type, path="stream")
    return sum(results)
