"""Webhooks: registration, and the delivery outbox's state changes.

Deliveries are written by :mod:`hifazat.services.events` in the same transaction as the
decision. A dispatcher (``hifazat worker`` or ``hifazat webhooks deliver``) claims due ones,
posts them, and records each attempt here: delivered, retried later (exponential backoff), or
dead after ``HIFAZAT_WEBHOOK_MAX_ATTEMPTS`` failures with the last reason.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import func, select, update

from hifazat.db.stream_tables import Webhook, WebhookDelivery
from hifazat.domain.access import Principal, Role
from hifazat.errors import InvalidInput, NotFound
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"


@dataclass(frozen=True)
class WebhookView:
    id: int
    url: str
    active: bool
    created_at: datetime
    pending: int = 0
    delivered: int = 0
    dead: int = 0
    secret: str | None = None  # only when just created


@dataclass(frozen=True)
class Due:
    id: int
    webhook_id: int
    url: str
    secret: str
    event_id: str
    payload: dict[str, Any]
    attempts: int


def register_webhook(
    rt: Runtime, principal: Principal, url: str, secret: str | None = None
) -> WebhookView:
    """Register an endpoint for every decision. Returns the signing secret once."""
    require(principal, Role.ADMIN, Role.INTEGRATOR)
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise InvalidInput("a webhook URL must be http(s)://host/...")
    if rt.settings.environment == "production" and parsed.scheme != "https":
        raise InvalidInput("webhooks must use https in production")
    secret = secret or secrets.token_urlsafe(32)
    if len(secret) < 16:
        raise InvalidInput("a webhook secret needs at least 16 characters")
    now = rt.now()
    with rt.transaction() as s:
        hook = Webhook(
            url=url, secret=secret, active=True, created_by=principal.actor, created_at=now
        )
        s.add(hook)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="webhook.registered",
            subject_type="webhook",
            subject_id=hook.id,
            data={"url": url},
        )
        return WebhookView(hook.id, hook.url, True, now, secret=secret)


def deactivate_webhook(rt: Runtime, principal: Principal, webhook_id: int) -> None:
    require(principal, Role.ADMIN, Role.INTEGRATOR)
    now = rt.now()
    with rt.transaction() as s:
        hook = s.get(Webhook, webhook_id)
        if hook is None:
            raise NotFound(f"no webhook {webhook_id}")
        hook.active = False
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="webhook.deactivated",
            subject_type="webhook",
            subject_id=hook.id,
        )


def list_webhooks(rt: Runtime, principal: Principal) -> list[WebhookView]:
    require(principal, Role.ADMIN, Role.INTEGRATOR)
    with rt.read() as s:
        counts: dict[tuple[int, str], int] = {
            (wid, status): n
            for wid, status, n in s.execute(
                select(WebhookDelivery.webhook_id, WebhookDelivery.status, func.count()).group_by(
                    WebhookDelivery.webhook_id, WebhookDelivery.status
                )
            ).all()
        }
        return [
            WebhookView(
                h.id,
                h.url,
                h.active,
                h.created_at,
                counts.get((h.id, PENDING), 0),
                counts.get((h.id, DELIVERED), 0),
                counts.get((h.id, DEAD), 0),
            )
            for h in s.scalars(select(Webhook).order_by(Webhook.id))
        ]


def claim_due(rt: Runtime, limit: int = 50, lease_s: float = 60.0) -> list[Due]:
    """Take up to ``limit`` due deliveries and push their next attempt a lease into the future,
    so two dispatchers do not post the same one (``SKIP LOCKED`` on PostgreSQL)."""
    now = rt.now()
    with rt.transaction() as s:
        rows = s.execute(
            select(WebhookDelivery, Webhook)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        ).all()
        out = []
        for d, h in rows:
            d.next_attempt_at = now + timedelta(seconds=lease_s)
            out.append(Due(d.id, h.id, h.url, h.secret, d.event_id, dict(d.payload), d.attempts))
        return out


def backoff_s(rt: Runtime, attempts: int) -> float:
    return float(min(rt.settings.webhook_backoff_s * (2 ** max(0, attempts - 1)), 3600.0))


def record_attempt(rt: Runtime, delivery_id: int, error: str | None) -> str:
    """Record one attempt (``error`` None: delivered). Returns the delivery's new status."""
    now = rt.now()
    with rt.transaction() as s:
        d = s.get(WebhookDelivery, delivery_id, with_for_update=True)
        if d is None:
            raise NotFound(f"no delivery {delivery_id}")
        if d.status != PENDING:
            return d.status
        d.attempts += 1
        if error is None:
            d.status, d.delivered_at, d.last_error = DELIVERED, now, None
        elif d.attempts >= rt.settings.webhook_max_attempts:
            d.status, d.last_error = DEAD, error[:2000]
        else:
            d.last_error = error[:2000]
            d.next_attempt_at = now + timedelta(seconds=backoff_s(rt, d.attempts))
        audit.append(
            s,
            at=now,
            actor="system:webhooks",
            action=f"webhook.{'retry' if d.status == PENDING else d.status}",
            subject_type="webhook_delivery",
            subject_id=d.id,
            data={
                "webhook": d.webhook_id,
                "event_id": d.event_id,
                "attempts": d.attempts,
                "error": d.last_error,
            },
        )
        return d.status


def retry_dead(rt: Runtime, principal: Principal, webhook_id: int) -> int:
    """Put a webhook's dead deliveries back in the queue (after the endpoint is fixed)."""
    require(principal, Role.ADMIN, Role.INTEGRATOR)
    now = rt.now()
    with rt.transaction() as s:
        ids = list(
            s.scalars(
                select(WebhookDelivery.id).where(
                    WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.status == DEAD
                )
            )
        )
        if ids:
            s.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id.in_(ids))
                .values(status=PENDING, attempts=0, next_attempt_at=now)
            )
        n = len(ids)
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="webhook.requeued",
            subject_type="webhook",
            subject_id=webhook_id,
            data={"deliveries": n},
        )
        return int(n)
