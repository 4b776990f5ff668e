"""POST /v1/events (batches), webhooks, and GET /metrics (Prometheus text).

With ``HIFAZAT_NATS_URL`` set, events are published to JetStream (``202``) and workers decide;
without it (``make run``) they are processed here, synchronously, by the same batch service.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.services import webhooks
from hifazat.services.events import ingest_events
from hifazat.services.runtime import Runtime
from hifazat.stream import metrics as m
from hifazat.stream.wire import EventIn, to_event

router = APIRouter(tags=["events"])


class EventBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: list[EventIn] = Field(min_length=1, max_length=10_000)


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=1000)
    secret: str | None = Field(default=None, min_length=16, max_length=128)


class WebhookOut(BaseModel):
    id: int
    url: str
    active: bool
    created_at: datetime
    pending: int
    delivered: int
    dead: int
    secret: str | None = Field(default=None, description="shown once, when created")


_js_lock = asyncio.Lock()


async def _jetstream(request: Request, rt: Runtime) -> Any:
    from hifazat.stream.jetstream import Layout, connect, ensure

    async with _js_lock:
        js = getattr(request.app.state, "jetstream", None)
        if js is None:
            nc = await connect(rt.settings.nats_url, name="hifazat-api")
            js = nc.jetstream()
            await ensure(js, Layout.from_settings(rt.settings))
            request.app.state.nats = nc
            request.app.state.jetstream = js
        return js


@router.post(
    "/v1/events", status_code=200, responses={202: {"description": "queued on the stream"}}
)
async def post_events(
    body: EventBatch,
    request: Request,
    principal: Principal = Depends(Allow(Role.INTEGRATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> JSONResponse:
    """A batch of events. Stream mode: ``202`` once JetStream stored them. In-process mode:
    ``200`` with one result per event (``decided`` with its decision, ``recorded``, or
    ``rejected`` with its error); a known id is answered from storage (``replayed``)."""
    from hifazat.errors import InvalidInput

    if len(body.events) > rt.settings.events_max_batch:
        raise InvalidInput(f"at most {rt.settings.events_max_batch} events per batch")
    if rt.settings.nats_url:
        from hifazat.stream.jetstream import Layout
        from hifazat.stream.publisher import publish

        js = await _jetstream(request, rt)
        new = await publish(js, Layout.from_settings(rt.settings), body.events)
        return JSONResponse(
            {"mode": "stream", "accepted": len(body.events), "new": new}, status_code=202
        )
    events = [to_event(e) for e in body.events]
    for e in events:
        m.EVENTS_IN.inc(type=e.type, path="api")
    outcomes = await run_in_threadpool(ingest_events, rt, principal, events)
    for o in outcomes:
        if o.replayed:
            m.EVENTS_REPLAYED.inc()
        elif o.decision is not None:
            m.DECISIONS_OUT.inc(action=str(o.decision["action"]))
        elif o.error_code:
            m.EVENTS_REJECTED.inc(code=o.error_code)
    return JSONResponse({"mode": "in_process", "results": [o.as_dict() for o in outcomes]})


@router.post("/v1/webhooks", response_model=WebhookOut, status_code=201)
def post_webhook(
    body: WebhookIn,
    principal: Principal = Depends(Allow(Role.INTEGRATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> WebhookOut:
    """Register an endpoint for every decision; the signing secret is returned once."""
    return WebhookOut(**webhooks.register_webhook(rt, principal, body.url, body.secret).__dict__)


@router.get("/v1/webhooks", response_model=list[WebhookOut])
def get_webhooks(
    principal: Principal = Depends(Allow(Role.INTEGRATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> list[WebhookOut]:
    return [WebhookOut(**v.__dict__) for v in webhooks.list_webhooks(rt, principal)]


@router.delete("/v1/webhooks/{webhook_id}", status_code=204)
def delete_webhook(
    webhook_id: int,
    principal: Principal = Depends(Allow(Role.INTEGRATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> Response:
    """Stop delivering to a webhook (its history stays)."""
    webhooks.deactivate_webhook(rt, principal, webhook_id)
    return Response(status_code=204)


@router.get("/metrics", response_class=PlainTextResponse, include_in_schema=False)
def metrics() -> Response:
    """Prometheus text format: events in, decisions out, lag, errors, latency histograms."""
    return Response(m.REGISTRY.render(), media_type=m.CONTENT_TYPE)
