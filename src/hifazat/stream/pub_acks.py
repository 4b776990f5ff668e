"""JetStream publishes acknowledged on one inbox subscription, for a batch at a time.

``js.publish`` makes each message a request of its own: a reply token, a future, a task and a
timer per message, then one wait each. A worker publishes a batch's decisions together and
needs only to know that every one was stored, so here each message gets a future resolved
by the stream's acknowledgement on a single subscription (``<inbox>.<n>``), and the batch
waits once, with one timeout, for all of them: about a third of the client CPU per message
(measured: 33 against 80-120 µs). What counts as stored is unchanged: the stream's
acknowledgement, without an error, for every message.

The client's own ``js.publish_async`` works the same way but cannot be used: when the stream
refuses a message, its reply handler raises while building the error (``APIError.from_error``
raises instead of returning), so that message's future never resolves and a refusal would only
show up as a time-out, with an error logged by the client (nats-py 2.x).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import orjson
from nats.aio.client import Client
from nats.aio.msg import Msg

#: How long a batch waits for its acknowledgements (``js.publish``'s default timeout).
TIMEOUT_S = 5.0


class NotStored(Exception):
    """The stream did not acknowledge a message (an error, no stream, or no answer)."""


class PubAcks:
    def __init__(self, nc: Client) -> None:
        self.nc = nc
        self.prefix = ""
        self.sent = 0
        self.waiting: dict[str, asyncio.Future[None]] = {}

    async def publish(
        self, subject: str, payload: bytes, headers: dict[str, str]
    ) -> asyncio.Future[None]:
        """Publish; the future is done when the stream has stored the message (or refused)."""
        if not self.prefix:
            prefix = f"{self.nc.new_inbox()}."
            await self.nc.subscribe(f"{prefix}*", cb=self._acked)
            self.prefix = prefix
        self.sent += 1
        token = str(self.sent)
        stored: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting[token] = stored
        stored.add_done_callback(lambda _: self.waiting.pop(token, None))
        try:
            await self.nc.publish(subject, payload, reply=self.prefix + token, headers=headers)
        except BaseException:
            stored.cancel()
            raise
        return stored

    async def _acked(self, msg: Msg) -> None:
        stored = self.waiting.get(msg.subject[len(self.prefix) :])
        if stored is None or stored.done():
            return
        if msg.headers and msg.headers.get("Status") == "503":
            stored.set_exception(NotStored("no stream stores this subject"))
            return
        try:
            answer = orjson.loads(msg.data)
        except orjson.JSONDecodeError:
            stored.set_exception(NotStored(f"unreadable acknowledgement {msg.data[:200]!r}"))
            return
        if not isinstance(answer, dict) or "error" in answer or "stream" not in answer:
            error = answer.get("error") if isinstance(answer, dict) else answer
            stored.set_exception(NotStored(f"the stream refused it: {error}"))
            return
        stored.set_result(None)


async def all_stored(
    pending: Sequence[asyncio.Future[None]], timeout: float = TIMEOUT_S
) -> list[BaseException]:
    """Wait once for every acknowledgement; the failures (one per message not stored)."""
    if not pending:
        return []
    done, late = await asyncio.wait(pending, timeout=timeout)
    for f in late:
        f.cancel()
    failed: list[BaseException] = [
        NotStored(f"no acknowledgement within {timeout:g} s") for _ in late
    ]
    failed.extend(exc for f in done if (exc := f.exception()) is not None)
    return failed
