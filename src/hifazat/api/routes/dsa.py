"""The DSA transparency export: one statement-of-reasons record per decision, as JSONL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import orjson
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from hifazat.api.deps import Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.services.case_history import dsa_statements
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/dsa", tags=["transparency"])


def jsonl(records: Iterator[dict[str, object]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


@router.get("/statements", response_class=Response)
def statements(
    start: datetime = Query(alias="from"),
    end: datetime = Query(alias="to"),
    principal: Principal = Depends(Allow(Role.ADMIN, Role.POLICY_MANAGER)),
    rt: Runtime = Depends(runtime),
) -> Response:
    """Decisions in [from, to) as EU Transparency Database records, one JSON per line."""
    body = jsonl(dsa_statements(rt, principal, start, end))
    return Response(body, media_type="application/x-ndjson")
