"""Webhook deliveries to a real local HTTP endpoint: HMAC signatures, retries with backoff,
dead-lettering with the reason after N failures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import orjson
import pytest

from hifazat.domain.access import SYSTEM
from hifazat.services import webhooks
from hifazat.services.events import ingest_events
from hifazat.services.runtime import Runtime
from hifazat.stream.webhooks import deliver_due, sign, verify
from hifazat.stream.wire import EventIn, to_event


class Endpoint:
    """Answers each POST with the next status of ``script`` (then 200), recording requests."""

    def __init__(self) -> None:
        self.script: list[int] = []
        self.requests: list[tuple[dict[str, str], bytes]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                endpoint.requests.append((dict(self.headers), body))
                status = endpoint.script.pop(0) if endpoint.script else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    e = Endpoint()
    yield e
    e.server.shutdown()


def _decide(rt: Runtime, creator: str, n: int = 1) -> None:
    batch = [
        to_event(
            EventIn(id=f"w{i}", type="comment_created", data={"creator": creator, "text": "acha"})
        )
        for i in range(n)
    ]
    ingest_events(rt, SYSTEM, batch)


def test_signed_delivery_after_retries(
    rt: Runtime, creator: str, endpoint: Endpoint, clock
) -> None:  # type: ignore[no-untyped-def]
    hook = webhooks.register_webhook(rt, SYSTEM, endpoint.url, "s" * 32)
    _decide(rt, creator)
    endpoint.script = [500, 503]
    with httpx.Client(timeout=5) as client:
        assert [s for _, s in deliver_due(rt, client)] == ["pending"]
        assert deliver_due(rt, client) == []  # not due yet: backoff
        clock.advance(seconds=rt.settings.webhook_backoff_s)
        assert [s for _, s in deliver_due(rt, client)] == ["pending"]
        clock.advance(seconds=2 * rt.settings.webhook_backoff_s)
        assert [s for _, s in deliver_due(rt, client)] == ["delivered"]
    assert len(endpoint.requests) == 3
    headers, body = endpoint.requests[-1]
    assert orjson.loads(body)["event_id"] == "w0"
    assert headers["X-Hifazat-Event-Id"] == "w0"
    t = int(headers["X-Hifazat-Signature"].split(",")[0][2:])
    assert verify("s" * 32, body, headers["X-Hifazat-Signature"], now=t)
    assert not verify("t" * 32, body, headers["X-Hifazat-Signature"], now=t)
    assert not verify("s" * 32, body + b" ", headers["X-Hifazat-Signature"], now=t)
    assert not verify("s" * 32, body, headers["X-Hifazat-Signature"], now=t + 3600)
    (view,) = webhooks.list_webhooks(rt, SYSTEM)
    assert (view.id, view.delivered, view.pending, view.dead) == (hook.id, 1, 0, 0)


def test_dead_after_max_attempts_with_reason(
    rt: Runtime, creator: str, endpoint: Endpoint, clock
) -> None:  # type: ignore[no-untyped-def]
    rt.settings = rt.settings.model_copy(update={"webhook_max_attempts": 3})
    hook = webhooks.register_webhook(rt, SYSTEM, endpoint.url, "s" * 32)
    _decide(rt, creator)
    endpoint.script = [500] * 10
    statuses = []
    with httpx.Client(timeout=5) as client:
        for _ in range(3):
            statuses += [s for _, s in deliver_due(rt, client)]
            clock.advance(seconds=3600)
    assert statuses == ["pending", "pending", "dead"]
    from sqlalchemy import select

    from hifazat.db.stream_tables import WebhookDelivery

    with rt.read() as s:
        d = s.scalars(select(WebhookDelivery)).one()
    assert d.status == "dead"
    assert d.attempts == 3
    assert d.last_error is not None
    assert d.last_error.startswith("HTTP 500")
    assert webhooks.retry_dead(rt, SYSTEM, hook.id) == 1
    endpoint.script = []
    with httpx.Client(timeout=5) as client:
        assert [s for _, s in deliver_due(rt, client)] == ["delivered"]


def test_unreachable_endpoint_is_a_failure_not_a_crash(rt: Runtime, creator: str) -> None:
    webhooks.register_webhook(rt, SYSTEM, "http://127.0.0.1:9/nothing-listens", "s" * 32)
    _decide(rt, creator)
    with httpx.Client(timeout=2) as client:
        (done,) = deliver_due(rt, client)
    assert done[1] == "pending"


def test_signature_is_hmac_sha256_of_timestamp_and_body() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"k" * 16, b"100.{}", hashlib.sha256).hexdigest()
    assert sign("k" * 16, b"{}", 100) == f"t=100,v1={expected}"
