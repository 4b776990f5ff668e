"""``stream.pub_acks``: a batch of JetStream publishes counts as stored only when the stream
acknowledged every message; a refusal, a subject no stream stores and a missing answer are
failures (the worker then leaves its batch un-acknowledged)."""

from __future__ import annotations

import asyncio
import uuid

from nats.js.api import StreamConfig

from hifazat.stream.jetstream import connect
from hifazat.stream.pub_acks import NotStored, PubAcks, all_stored


def test_stored_refused_unrouted_and_unanswered(shared_nats_url: str) -> None:
    tag = uuid.uuid4().hex[:8]
    stream, subject = f"PA{tag.upper()}", f"pa{tag}.stored"

    async def scenario() -> tuple[list[BaseException], ...]:
        nc = await connect(shared_nats_url)
        js = nc.jetstream()
        await js.add_stream(StreamConfig(name=stream, subjects=[subject], max_msgs_per_subject=3))
        silent = await nc.subscribe(f"pa{tag}.silent")  # takes messages, never acknowledges
        try:
            acks = PubAcks(nc)
            ok = [
                await acks.publish(subject, b"%d" % i, {"Nats-Msg-Id": f"m{i}"}) for i in range(5)
            ]
            stored = await all_stored(ok)
            info = await js.stream_info(stream)
            assert info.state.messages == 3  # five stored, the oldest two dropped by the limit
            refused = await all_stored(
                [await acks.publish(subject, b"x", {"Nats-Expected-Last-Sequence": "1"})]
            )
            unrouted = await all_stored([await acks.publish(f"pa{tag}.nowhere", b"x", {})])
            unanswered = await all_stored(
                [await acks.publish(f"pa{tag}.silent", b"x", {})], timeout=0.5
            )
            await asyncio.sleep(0)  # done callbacks run on the next turn of the loop
            assert acks.waiting == {}  # nothing left behind, whatever the outcome
            return stored, refused, unrouted, unanswered
        finally:
            await silent.unsubscribe()
            await js.delete_stream(stream)
            await nc.close()

    stored, refused, unrouted, unanswered = asyncio.run(scenario())
    assert stored == []
    assert [type(e) for e in refused + unrouted + unanswered] == [NotStored] * 3
    assert "refused" in str(refused[0])
    assert "no stream" in str(unrouted[0])
    assert "no acknowledgement" in str(unanswered[0])
