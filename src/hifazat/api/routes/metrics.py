"""Enforcement metrics, two-period comparisons, exports (CSV, DSA JSONL) and view events."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import MAX_INT
from hifazat.domain import metrics as m
from hifazat.domain.access import Principal, Role
from hifazat.services import metrics as svc
from hifazat.services import metrics_compare, metrics_facts
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["metrics"])
READERS = Allow(*svc.METRICS_READERS)
EXPORTERS = Allow(Role.ADMIN, Role.POLICY_MANAGER)


def _span(rt: Runtime, start: str | None, end: str | None) -> tuple[date, date]:
    """Default: the 90 days ending today."""
    to = svc.parse_day(end, "to") if end else rt.now().date()
    frm = svc.parse_day(start, "from") if start else to - timedelta(days=89)
    return frm, to


def _query(
    rt: Runtime,
    start: str | None,
    end: str | None,
    region: list[str] | None,
    by: str,
    policy: str | None,
    language: str | None,
    creator: str | None = None,
) -> svc.Query:
    frm, to = _span(rt, start, end)
    return svc.Query(frm, to, tuple(region or ()), by, policy, language, creator)


FROM = Query(default=None, alias="from", description="first day, YYYY-MM-DD (default: 90 days ago)")
TO = Query(default=None, alias="to", description="last day, inclusive (default: today)")
REGION = Query(default=None, description="ISO 3166-1 alpha-2; repeat for several")
BY = Query(default="region", description="region | policy | language | creator | day | week | …")


@router.get("/metrics/enforcement")
def enforcement(
    start: str | None = FROM,
    end: str | None = TO,
    region: list[str] | None = REGION,
    by: str = BY,
    policy: str | None = None,
    language: str | None = None,
    creator: str | None = None,
    principal: Principal = Depends(READERS),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """Every enforcement metric for the period, in total and per slice (see docs/metrics.md)."""
    q = _query(rt, start, end, region, by, policy, language, creator)
    return svc.report(rt, principal, q).as_dict()


@router.get("/metrics/enforcement.csv", response_class=Response)
def enforcement_csv(
    start: str | None = FROM,
    end: str | None = TO,
    region: list[str] | None = REGION,
    by: str = BY,
    policy: str | None = None,
    language: str | None = None,
    principal: Principal = Depends(READERS),
    rt: Runtime = Depends(runtime),
) -> Response:
    """The same aggregates as CSV: one row per slice, then a ``total`` row."""
    q = _query(rt, start, end, region, by, policy, language)
    rep = svc.report(rt, principal, q)
    return Response(
        to_csv(rep),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="enforcement-{q.start}-{q.end}.csv"'
        },
    )


def to_csv(rep: svc.Report) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(m.FLAT_COLUMNS), lineterminator="\n")
    w.writeheader()
    for key, c in rep.slices.items():
        w.writerow(m.flat(key, c))
    w.writerow(m.flat("total", rep.total))
    return buf.getvalue()


@router.get("/metrics/compare")
def compare(
    before_from: str = Query(description="YYYY-MM-DD"),
    before_to: str = Query(description="YYYY-MM-DD"),
    after_from: str = Query(description="YYYY-MM-DD"),
    after_to: str = Query(description="YYYY-MM-DD"),
    region: list[str] | None = REGION,
    principal: Principal = Depends(READERS),
    rt: Runtime = Depends(runtime),
) -> list[dict[str, Any]]:
    """Per region: each rate before and after, the difference with a 95% CI, and a verdict."""
    before = (svc.parse_day(before_from, "before_from"), svc.parse_day(before_to, "before_to"))
    after = (svc.parse_day(after_from, "after_from"), svc.parse_day(after_to, "after_to"))
    return [
        c.as_dict() for c in metrics_compare.compare(rt, principal, region or [], before, after)
    ]


@router.get("/metrics/trend")
def trend(
    start: str | None = FROM,
    end: str | None = TO,
    region: list[str] | None = REGION,
    period: str = Query(default="week", description="day | week | month | quarter"),
    policy: str | None = None,
    language: str | None = None,
    principal: Principal = Depends(READERS),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """Every metric per region per period (the busiest regions when none are named)."""
    q = _query(rt, start, end, region, period, policy, language)
    t = metrics_compare.trend(rt, principal, q, period)
    return {
        "period": t.period,
        "periods": [d.isoformat() for d in t.starts],
        "regions": {r: [m.metrics(c) for c in cs] for r, cs in t.series.items()},
    }


@router.get("/metrics/creators/{handle}")
def creator_metrics(
    handle: str,
    start: str | None = FROM,
    end: str | None = TO,
    by: str = Query(default="policy", description="policy | language | week | month"),
    principal: Principal = Depends(Allow(*svc.METRICS_READERS, Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """One creator's numbers (their own, or any for staff)."""
    q = _query(rt, start, end, None, by, None, None)
    return svc.creator_report(rt, principal, handle, q).as_dict()


@router.get("/metrics/dsa.jsonl", response_class=StreamingResponse)
def dsa_export(
    start: str | None = FROM,
    end: str | None = TO,
    principal: Principal = Depends(EXPORTERS),
    rt: Runtime = Depends(runtime),
) -> StreamingResponse:
    """DSA statements of reasons for every restrictive decision in the period, one JSON a line."""
    from hifazat.services.case_history import dsa_statements

    frm, to = _span(rt, start, end)
    if frm > to:
        from hifazat.errors import InvalidPeriod

        raise InvalidPeriod(f"from ({frm}) is after to ({to})")
    lo = datetime.combine(frm, time.min, tzinfo=UTC)
    hi = datetime.combine(to + timedelta(days=1), time.min, tzinfo=UTC)
    records = list(dsa_statements(rt, principal, lo, hi))

    def lines() -> Iterator[bytes]:
        for r in records:
            yield orjson.dumps(r) + b"\n"

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="dsa-sor-{frm}-{to}.jsonl"'},
    )


class ViewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment_id: int = Field(
        ge=1, le=MAX_INT, description="Hifazat's comment id (from POST /v1/comments)"
    )
    viewed_at: datetime = Field(description="when someone other than the author first saw it")


class ViewOut(BaseModel):
    comment_id: int
    first_view_at: datetime
    before_view: bool = Field(description="whether an enforcement action came before the view")


@router.post("/views", response_model=ViewOut)
def record_view(
    body: ViewIn,
    principal: Principal = Depends(Allow(Role.INTEGRATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> ViewOut:
    """An integrator reports a comment's first view (for the removed-before-any-view rate)."""
    at = body.viewed_at if body.viewed_at.tzinfo else body.viewed_at.replace(tzinfo=UTC)
    v = metrics_facts.record_view(rt, principal, body.comment_id, at)
    return ViewOut(
        comment_id=v.comment_id, first_view_at=v.first_view_at, before_view=v.before_view
    )
