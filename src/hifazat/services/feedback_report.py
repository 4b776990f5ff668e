"""The focus-group report: who took part, what they said, top ideas, tool funnels, SUS,
before/after with effect sizes, perceived safety against measured metrics, benchmark gaps,
and next steps — as one JSON-ready mapping (the web page and the API render the same)."""

from __future__ import annotations

import calendar
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from hifazat.db.feedback_tables import SurveyCampaign, SurveyInstrument, SurveyResponse
from hifazat.db.tables import Comment, Creator, Decision
from hifazat.domain import feedback_analysis as fa
from hifazat.domain.access import Principal
from hifazat.domain.surveys import Instrument
from hifazat.services import benchmark, feedback_answer, focus_group_board
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime
from hifazat.services.surveys import RESULT_READERS, instrument_of

log = logging.getLogger(__name__)
SAFETY_ITEMS = ("G1", "G2", "G3", "G4", "G5", "G6")


def _month_bounds(period: str) -> tuple[date, date] | None:
    try:
        y, m = (int(x) for x in period.split("-")[:2])
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    except (ValueError, TypeError):
        return None


def metric_rows(
    rt: Runtime, principal: Principal, keys: Iterable[tuple[str, str]]
) -> tuple[list[dict[str, Any]], str]:
    """Measured rates per (region, month): from the metrics module where it has data; for the
    rest, computed here from the decisions table (action and proactive rate). The returned
    source names which were used."""
    wanted = sorted(set(keys))
    rows: list[dict[str, Any]] = []
    try:
        from hifazat.domain import metrics as m
        from hifazat.services import metrics as metrics_service

        for region, period in wanted:
            bounds = _month_bounds(period)
            if bounds is None:
                continue
            rep = metrics_service.report(
                rt, principal, metrics_service.Query(bounds[0], bounds[1], regions=(region,))
            )
            if rep.total.processed:
                out = m.metrics(rep.total)
                names = ("action_rate", "proactive_rate", "within_24h_rate")
                rows.append(
                    {
                        "region": region,
                        "period": period,
                        **{k: out[k] for k in names if isinstance(out.get(k), int | float)},
                    }
                )
    except Exception as exc:  # any failure there falls back to the decisions table
        log.warning("metrics module unavailable for the feedback report: %s", exc)
        rows = []
    covered = {(r["region"], r["period"]) for r in rows}
    rest = [k for k in wanted if k not in covered]
    fallback = _rates_from_decisions(rt, rest) if rest else []
    sources = []
    if rows:
        sources.append(f"metrics module (enforcement facts) for {len(rows)} region-months")
    if fallback:
        sources.append(
            f"computed here from the decisions table for {len(fallback)} region-months (fallback)"
        )
    return rows + fallback, "; ".join(sources) or "no measured data for these region-months"


def _rates_from_decisions(rt: Runtime, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Fallback: action rate (non-allow / decided) and proactive rate (automated non-allow /
    non-allow) per creator region and month."""
    rows = []
    with rt.read() as s:
        for region, period in keys:
            bounds = _month_bounds(period)
            if bounds is None:
                continue
            start, end = bounds
            actioned = case((Decision.action != "allow", 1), else_=0)
            proactive = case(((Decision.action != "allow") & Decision.automated, 1), else_=0)
            total, acted, pro = s.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(actioned), 0),
                    func.coalesce(func.sum(proactive), 0),
                )
                .select_from(Decision)
                .join(Comment, Comment.id == Decision.comment_id)
                .join(Creator, Creator.id == Comment.creator_id)
                .where(
                    Creator.region == region,
                    Decision.created_at >= _dt(start),
                    Decision.created_at < _dt(end, next_day=True),
                )
            ).one()
            if total:
                rows.append(
                    {
                        "region": region,
                        "period": period,
                        "action_rate": acted / total,
                        "proactive_rate": (pro / acted) if acted else None,
                    }
                )
    return rows


def _dt(d: date, next_day: bool = False) -> Any:
    from datetime import UTC, datetime, timedelta

    at = datetime(d.year, d.month, d.day, tzinfo=UTC)
    return at + timedelta(days=1) if next_day else at


def _complete(rows: Iterable[SurveyResponse]) -> list[SurveyResponse]:
    return [r for r in rows if r.status == "complete"]


def _share_true(values: list[bool]) -> dict[str, Any]:
    return asdict(fa.wilson(sum(values), len(values)))


def build_report(rt: Runtime, principal: Principal, session_id: int) -> dict[str, Any]:
    require(principal, *RESULT_READERS)
    b = focus_group_board.board(rt, principal, session_id)
    with rt.read() as s:
        campaigns = {c.id: c for c in b.campaigns}
        by_campaign: dict[int, list[SurveyResponse]] = {c: [] for c in campaigns}
        for r in s.scalars(
            select(SurveyResponse).where(SurveyResponse.campaign_id.in_(list(campaigns) or [-1]))
        ):
            by_campaign[r.campaign_id].append(r)
        inst: Instrument | None = None
        if campaigns:
            row = s.get(SurveyInstrument, next(iter(campaigns.values())).instrument_id)
            inst = instrument_of(row) if row else None
        all_campaigns = list(s.scalars(select(SurveyCampaign)))
        perception_rows = []
        for c in all_campaigns:
            for r in s.scalars(
                select(SurveyResponse).where(
                    SurveyResponse.campaign_id == c.id, SurveyResponse.status == "complete"
                )
            ):
                perception_rows.append(
                    {
                        "region": c.region,
                        "period": c.period,
                        "score": (r.scores or {}).get("perceived_safety"),
                    }
                )
    by_region: dict[str, list[float]] = {}
    for point in perception_rows:
        if point["score"] is not None:
            by_region.setdefault(str(point["region"]), []).append(float(point["score"]))
    pre = _complete(r for c in campaigns.values() if c.wave == "pre" for r in by_campaign[c.id])
    post = _complete(r for c in campaigns.values() if c.wave == "post" for r in by_campaign[c.id])
    partial = sum(1 for rs in by_campaign.values() for r in rs if r.status == "partial")
    report: dict[str, Any] = {
        "session": {
            "id": b.session.id,
            "title": b.session.title,
            "city": b.session.city,
            "region": b.session.region,
            "date": b.session.held_on,
            "facilitator": b.session.facilitator,
            "partner_org": b.session.partner_org,
            "question": b.session.question,
            "agenda": b.session.agenda,
        },
        "participation": {
            "participants": len(b.participants),
            "by_segment": dict(sorted(Counter(p.segment for p in b.participants).items())),
            "languages": dict(Counter(lang for p in b.participants for lang in p.languages)),
            "responses_pre": len(pre),
            "responses_post": len(post),
            "partial": partial,
        },
    }
    report["by_region"] = [
        {"region": k, **asdict(fa.mean_ci(v)), "note": fa.small_sample_note(len(v))}
        for k, v in sorted(by_region.items())
    ]
    report["ideas"] = _ideas(b)
    report["themes"] = [
        asdict(t)
        for t in fa.themes(
            [str(r.answers.get("J1", "")) for r in pre + post]
            + [i.text for i in b.ideas if i.kind == "idea"]
        )[:8]
    ]
    if inst is not None:
        report["perception"] = _perception(inst, pre, post)
        report["by_segment"] = _by_segment(pre + post)
        report["funnel"] = _funnel(inst, post or pre)
        sus = [float(r.scores["sus"]) for r in post if r.scores.get("sus") is not None]
        report["sus"] = asdict(fa.sus_summary(sus))
        report["comparisons"] = _comparisons(pre, post)
        used, wanted = _tool_demand(post or pre)
    else:
        report.update(perception=[], by_segment=[], funnel=[], sus=None, comparisons=[])
        used, wanted = {}, {}
    keys = {(str(r["region"]), str(r["period"])) for r in perception_rows}
    rows, source = metric_rows(rt, principal, keys)
    pvm = fa.perception_vs_metrics(perception_rows, rows)
    report["perception_vs_metrics"] = {
        "source": source,
        "points": [
            {
                "region": p.region,
                "period": p.period,
                "perceived": asdict(p.perceived),
                "metrics": p.metrics,
            }
            for p in pvm.points
        ],
        "associations": [asdict(a) for a in pvm.associations],
        "unmatched": [list(u) for u in pvm.unmatched],
    }
    report["gaps"] = [asdict(g) for g in benchmark.gaps(rt, principal, used, wanted)[:10]]
    report["answer_parts"] = feedback_answer.answer_parts(report)
    report["answer"] = " ".join(p["text"] for p in report["answer_parts"])
    report["next_steps"] = feedback_answer.next_steps(report)
    return report


def _ideas(b: focus_group_board.Board) -> dict[str, Any]:
    text = {str(i.id): i.text for i in b.ideas}
    cluster = {str(c.id): c.label for c in b.clusters}
    return {
        "count": len(b.ideas),
        "round": b.rankings_round,
        "top": [
            {
                "idea": text.get(sc.idea, sc.idea),
                "rankers": sc.rankers,
                "points": sc.points,
                "median_rank": sc.median_rank,
            }
            for sc in b.idea_scores[:10]
        ],
        "clusters": [{"label": cluster.get(k, k), "dots": v} for k, v in b.dot_counts.items()],
    }


def _perception(
    inst: Instrument, pre: list[SurveyResponse], post: list[SurveyResponse]
) -> list[dict[str, Any]]:
    out = []
    for item_id in SAFETY_ITEMS:
        try:
            item = inst.item(item_id)
        except KeyError:
            continue
        row: dict[str, Any] = {"item": item_id, "en": item.label("en"), "ur": item.label("ur")}
        for wave, rs in (("pre", pre), ("post", post)):
            d = fa.distribution(item, [r.answers.get(item_id) for r in rs])
            agree = [a for a in (r.answers.get(item_id) for r in rs) if isinstance(a, int)]
            row[wave] = {
                "n": d.n,
                "mean": asdict(d.mean) if d.mean else None,
                "agree": _share_true([a >= 4 for a in agree]),
                "options": [{"value": v, **asdict(p)} for v, p in d.options],
                "note": d.note,
            }
        out.append(row)
    return out


def _by_segment(rows: list[SurveyResponse]) -> list[dict[str, Any]]:
    groups: dict[str, list[float]] = {}
    for r in rows:
        score = (r.scores or {}).get("perceived_safety")
        if score is not None:
            groups.setdefault(r.segment or "unknown", []).append(float(score))
    return [
        {"segment": k, **asdict(fa.mean_ci(v)), "note": fa.small_sample_note(len(v))}
        for k, v in sorted(groups.items())
    ]


def _funnel(inst: Instrument, rows: list[SurveyResponse]) -> list[dict[str, Any]]:
    try:
        tools = [str(r.value) for r in inst.item("F1").rows]
    except KeyError:
        return []
    aware = [r.answers.get("F1") for r in rows if isinstance(r.answers.get("F1"), dict)]
    eff = [r.answers.get("F2") for r in rows if isinstance(r.answers.get("F2"), dict)]
    labels = {str(r.value): r for r in inst.item("F1").rows}
    return [
        {
            "tool": st.tool,
            "en": labels[st.tool].en,
            "ur": labels[st.tool].ur,
            "n": st.n,
            "aware": asdict(st.aware),
            "used": asdict(st.used),
            "regular": asdict(st.regular),
            "effective": asdict(st.effective),
        }
        for st in fa.tool_funnel(aware, eff, tools)  # type: ignore[arg-type]
    ]


def _tool_demand(rows: list[SurveyResponse]) -> tuple[dict[str, float], dict[str, float]]:
    n = len(rows)
    if not n:
        return {}, {}
    used: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    for r in rows:
        f1 = r.answers.get("F1")
        if isinstance(f1, dict):
            used.update(k for k, v in f1.items() if isinstance(v, int) and v >= 3)
        f4 = r.answers.get("F4")
        if isinstance(f4, list):
            wanted.update(str(x) for x in f4)
    return {k: v / n for k, v in used.items()}, {k: v / n for k, v in wanted.items()}


def tool_demand_all(rt: Runtime, principal: Principal) -> tuple[dict[str, float], dict[str, float]]:
    """Shares of all complete responses that use (F1) and want (F4) each tool: the weights of
    the benchmark gaps outside a single session."""
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        rows = list(s.scalars(select(SurveyResponse).where(SurveyResponse.status == "complete")))
    return _tool_demand(rows)


def _measure(r: SurveyResponse, name: str) -> float | None:
    if name == "perceived_safety":
        v = (r.scores or {}).get("perceived_safety")
        return float(v) if v is not None else None
    if name == "awareness_of_help":
        e4 = r.answers.get("E4")
        if isinstance(e4, dict) and e4:
            return float(sum(1 for v in e4.values() if v == "yes"))
        return None
    v = r.answers.get(name)
    return float(v) if isinstance(v, int) else None


def _comparisons(pre: list[SurveyResponse], post: list[SurveyResponse]) -> list[dict[str, Any]]:
    out = []
    for name in ("perceived_safety", "G4", "G5", "G6", "awareness_of_help"):
        before = [v for v in (_measure(r, name) for r in pre) if v is not None]
        after = [v for v in (_measure(r, name) for r in post) if v is not None]
        pre_by = {r.respondent: _measure(r, name) for r in pre if r.respondent}
        pairs = [
            (pre_by[r.respondent], v)
            for r in post
            if r.respondent in pre_by
            and (v := _measure(r, name)) is not None
            and pre_by[r.respondent] is not None
        ]
        c = fa.compare(name, before, after, pairs)  # type: ignore[arg-type]
        out.append(asdict(c))
    return out
