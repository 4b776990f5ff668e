"""Pages: the regional safety dashboard, the printable transparency report, a creator dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hifazat.domain import metrics as m
from hifazat.errors import InvalidPeriod
from hifazat.services import metrics as svc
from hifazat.services import metrics_compare
from hifazat.services.metrics_creator import categories, creator_dashboard
from hifazat.services.runtime import Runtime
from hifazat.web import charts
from hifazat.web.i18n import translator
from hifazat.web.pages import SignedInUser, lang_of, render

router = APIRouter(include_in_schema=False)
THREE_RATES = ("proactive_rate", "before_view_rate", "within_24h_rate")
RATE_LABELS = {
    "action_rate": "Action rate",
    "proactive_rate": "Proactive rate",
    "before_view_rate": "Removed before any view",
    "within_24h_rate": "Removed within 24 hours",
    "overturn_rate": "Appeal overturn rate",
    "report_resolution_rate": "Reports resolved",
}


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _span(rt: Runtime, request: Request, default_days: int) -> tuple[date, date]:
    qp = request.query_params
    if qp.get("quarter"):
        try:
            return m.parse_quarter(qp["quarter"])
        except ValueError:
            raise InvalidPeriod(f"quarter must look like 2026-Q3, not {qp['quarter']!r}") from None
    end = svc.parse_day(qp["to"], "to") if qp.get("to") else rt.now().date()
    start = (
        svc.parse_day(qp["from"], "from")
        if qp.get("from")
        else end - timedelta(days=default_days - 1)
    )
    return start, end


def _r(c: m.Counts, name: str) -> float | None:
    num, den = m.RATE_PARTS[name]
    return m.rate(getattr(c, num), getattr(c, den))


@router.get("/safety-metrics", response_class=HTMLResponse)
def dashboard(request: Request, user: SignedInUser) -> Response:
    rt, p = _rt(request), user.principal
    _ = translator(lang_of(request))
    start, end = _span(rt, request, 365)
    region = (request.query_params.get("region") or "").upper()
    period = request.query_params.get("period") or "week"
    regions = (region,) if region else ()
    dash = metrics_compare.dashboard(rt, p, svc.Query(start, end, regions), period)
    tr, by_region, by_policy, compared = (
        dash.trend,
        dash.by_region,
        dash.by_policy,
        dash.compared,
    )
    labels = [m.period_label(d, period) for d in tr.starts]
    names = list(tr.series)
    trend_proactive = charts.line_chart(
        labels,
        {r: [_r(c, "proactive_rate") for c in cs] for r, cs in tr.series.items()},
        _("Proactive rate by region"),
    )
    trend_volume = charts.line_chart(
        labels,
        {r: [float(c.processed) for c in cs] for r, cs in tr.series.items()},
        _("Items processed by region"),
        percent=False,
    )
    policy_items = sorted(
        ((_(k), float(c.actioned)) for k, c in by_policy.slices.items() if c.actioned),
        key=lambda kv: -kv[1],
    )
    three = charts.grouped_bars(
        names,
        {
            _(RATE_LABELS[rate]): [_r(by_region.slices.get(r, m.Counts()), rate) for r in names]
            for rate in THREE_RATES
        },
        _("The three rates by region"),
    )
    return render(
        request,
        "metrics_dashboard.html",
        user=user,
        start=start,
        end=end,
        region=region,
        period=period,
        regions=dash.regions,
        trend_proactive=trend_proactive,
        trend_volume=trend_volume,
        policy_chart=charts.bar_chart(policy_items, _("Items actioned by policy")),
        three=three,
        by_region=by_region,
        total=m.metrics(by_region.total),
        compared=compared,
        rate_labels=RATE_LABELS,
        metrics=m.metrics,
    )


@router.get("/safety-metrics/report", response_class=HTMLResponse)
def transparency_report(request: Request, user: SignedInUser) -> Response:
    rt, p = _rt(request), user.principal
    start, end = _span(rt, request, 91)
    region = (request.query_params.get("region") or "").upper()
    regions = (region,) if region else ()
    reports: dict[str, svc.Report] = {
        by: svc.report(rt, p, svc.Query(start, end, regions, by))
        for by in ("policy", "language", "month")
    }
    return render(
        request,
        "metrics_report.html",
        user=user,
        start=start,
        end=end,
        region=region,
        total=m.metrics(reports["policy"].total),
        reports=reports,
        metrics=m.metrics,
        rate_labels=RATE_LABELS,
        period_label=m.period_label,
    )


@router.get("/creator/{handle}/dashboard", response_class=HTMLResponse)
def creator_page(request: Request, user: SignedInUser, handle: str) -> Response:
    rt = _rt(request)
    qp = request.query_params
    start, end = _span(rt, request, 90)
    dash = creator_dashboard(
        rt,
        user.principal,
        handle,
        start,
        end,
        category=qp.get("category") or None,
        language=qp.get("language") or None,
    )
    _ = translator(lang_of(request))
    weeks = list(dash.by_week.slices.items())
    volume = charts.line_chart(
        [m.period_label(date.fromisoformat(k), "week") for k, _c in weeks],
        {_("Comments"): [float(c.processed) for _k, c in weeks]},
        _("Comments per week"),
        percent=False,
    )
    return render(
        request,
        "creator_dashboard.html",
        user=user,
        dash=dash,
        total=m.metrics(dash.by_policy.total),
        volume=volume,
        categories=categories(),
        languages=("en", "ur", "ur-Latn"),
        metrics=m.metrics,
    )


def hours(seconds: Any) -> str:
    return "—" if seconds is None else f"{seconds / 3600:.1f}"
