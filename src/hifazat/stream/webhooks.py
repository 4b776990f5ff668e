"""Posting decisions to webhooks: HMAC-SHA256 signatures, retries with backoff, dead letters.

Each request carries ``X-Hifazat-Signature: t=<unix seconds>,v1=<hex>`` where ``v1`` is
``HMAC-SHA256(secret, "<t>.<raw body>")`` — the receiver recomputes it and refuses old ``t``
(replays). ``X-Hifazat-Event-Id`` lets the receiver drop a repeat (delivery is at least once).
"""

from __future__ import annotations

import hashlib
import hmac
import time

import httpx
import orjson

from hifazat.services import webhooks
from hifazat.services.runtime import Runtime
from hifazat.stream.metrics import WEBHOOKS


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, now: int, tolerance_s: int = 300) -> bool:
    """What a receiver does (and what the tests do)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        t = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - t) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, body, t), header)


def post(client: httpx.Client, due: webhooks.Due) -> str | None:
    """One attempt. ``None`` when the endpoint answered 2xx, else the reason."""
    body = orjson.dumps(due.payload)
    headers = {
        "Content-Type": "application/json",
        "X-Hifazat-Signature": sign(due.secret, body, int(time.time())),
        "X-Hifazat-Event-Id": due.event_id,
        "X-Hifazat-Delivery": str(due.id),
        "User-Agent": "hifazat-webhooks",
    }
    try:
        resp = client.post(due.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    if 200 <= resp.status_code < 300:
        return None
    return f"HTTP {resp.status_code}: {resp.text[:200]}"


def deliver_due(
    rt: Runtime, client: httpx.Client, limit: int = 50
) -> list[tuple[webhooks.Due, str]]:
    """Claim and post due deliveries once. Returns (delivery, new status) for each."""
    out = []
    for due in webhooks.claim_due(rt, limit):
        error = post(client, due)
        status = webhooks.record_attempt(rt, due.id, error)
        WEBHOOKS.inc(result=status if status != "pending" else "retry")
        out.append((due, status))
    return out
