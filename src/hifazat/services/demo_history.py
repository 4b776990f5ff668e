"""A year (or any span) of realistic enforcement history, written in bulk for the dashboards.

Volume and trends per region are chosen so the dashboards tell a story: Pakistan has the most
activity and improves over the span (more proactive, faster, less abuse), the other regions
slowly get worse. The numbers come out of a seeded random process, then go through the same
derived-flag definitions as live data (``domain.metrics``), so every metric is computed from
stored rows and nothing is hard-coded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select

from hifazat.db.metrics_tables import EnforcementFact, SafetyModePeriod
from hifazat.db.tables import Creator
from hifazat.domain import metrics as m
from hifazat.domain.access import Principal, Role
from hifazat.services import audit, creators
from hifazat.services.authz import require
from hifazat.services.metrics_rollup import rebuild
from hifazat.services.runtime import Runtime

#: region → (share of events, improving?, languages and their shares)
REGIONS: dict[str, tuple[float, bool, dict[str, float]]] = {
    "PK": (0.50, True, {"ur-Latn": 0.42, "ur": 0.33, "en": 0.25}),
    "IN": (0.14, False, {"en": 0.55, "ur-Latn": 0.35, "ur": 0.10}),
    "BD": (0.10, False, {"en": 0.80, "ur-Latn": 0.20}),
    "GB": (0.10, False, {"en": 0.75, "ur-Latn": 0.15, "ur": 0.10}),
    "AE": (0.08, False, {"en": 0.50, "ur-Latn": 0.30, "ur": 0.20}),
    "US": (0.08, False, {"en": 0.90, "ur-Latn": 0.10}),
}
CATEGORIES: dict[str, float] = {
    "harassment": 0.34,
    "sexual_harassment": 0.15,
    "hate": 0.12,
    "threat": 0.06,
    "doxxing": 0.04,
    "blasphemy_accusation": 0.03,
    "self_harm": 0.03,
    "spam_scam": 0.23,
}
SERIOUS = {"threat", "sexual_harassment", "doxxing", "blasphemy_accusation", "hate"}
CHUNK = 20_000


@dataclass(frozen=True)
class HistorySummary:
    events: int
    days: int
    regions: int
    safety_mode_periods: int
    skipped: bool = False


def _lerp(a: float, b: float, t: Any) -> Any:
    return a + (b - a) * t


def generate(
    days: int, events: int, seed: int, end: date, creator_ids: dict[str, list[int]]
) -> dict[str, Any]:
    """Column arrays of ``events`` fact rows spread over the ``days`` days ending at ``end``."""
    rng = np.random.default_rng(seed)
    names = list(REGIONS)
    shares = np.array([REGIONS[r][0] for r in names])
    region_idx = rng.choice(len(names), size=events, p=shares / shares.sum())
    improving = np.array([REGIONS[r][1] for r in names])[region_idx]
    # PK's volume grows over the span; elsewhere it is flat.
    u = rng.random(events)
    day_idx = np.where(improving, days * u**0.8, days * u).astype(np.int64).clip(0, days - 1)
    t = day_idx / max(1, days - 1)
    start = datetime.combine(end - timedelta(days=days - 1), datetime.min.time(), tzinfo=UTC)
    created_s = day_idx * 86400 + rng.integers(0, 86400, events)

    language = np.empty(events, dtype=object)
    creator = np.empty(events, dtype=np.int64)
    for i, r in enumerate(names):
        sel = region_idx == i
        n = int(sel.sum())
        langs = REGIONS[r][2]
        language[sel] = rng.choice(list(langs), size=n, p=list(langs.values()))
        ids = creator_ids[r]
        creator[sel] = np.array(ids)[rng.integers(0, len(ids), n)]

    def trend(good: tuple[float, float], bad: tuple[float, float]) -> Any:
        return np.where(improving, _lerp(*good, t), _lerp(*bad, t))

    p_abuse = trend((0.16, 0.09), (0.10, 0.14))
    p_pro = trend((0.55, 0.88), (0.78, 0.58))
    pro_delay_mean = trend((900.0, 60.0), (240.0, 900.0))
    latency_median = trend((20 * 3600.0, 3 * 3600.0), (5 * 3600.0, 16 * 3600.0))
    p_over = trend((0.22, 0.08), (0.10, 0.20))
    p_edit = trend((0.35, 0.60), (0.45, 0.30))

    harmful = rng.random(events) < p_abuse
    NONE = np.full(events, None, dtype=object)
    cats = list(CATEGORIES)
    category = np.where(
        harmful,
        np.array(cats, dtype=object)[
            rng.choice(len(cats), size=events, p=list(CATEGORIES.values()))
        ],
        NONE,
    )
    roll = rng.random(events)
    action = np.where(
        harmful,
        np.where(roll < 0.6, "remove", np.where(roll < 0.9, "hide", "restrict_author")),
        np.where(roll < 0.93, "allow", np.where(roll < 0.97, "nudge", "allow")),
    ).astype(object)
    held = ~harmful & (roll >= 0.97)
    nudged = action == "nudge"
    category = np.where(nudged, "harassment", category)
    nr = rng.random(events)
    nudge = np.where(
        nudged,
        np.where(nr < p_edit, "edited", np.where(nr < p_edit + 0.25, "abandoned", "posted")),
        NONE,
    )

    proactive_path = harmful & (rng.random(events) < p_pro)
    pro_delay = rng.exponential(pro_delay_mean)
    report_delay = rng.exponential(2 * 3600.0, events)
    latency = latency_median * rng.lognormal(0.0, 0.9, events)
    reported_s = np.where(
        proactive_path,
        np.where(rng.random(events) < 0.1, created_s + pro_delay + report_delay, np.nan),
        np.where(harmful, created_s + report_delay, np.nan),
    )
    false_report = ~harmful & (rng.random(events) < 0.015)
    reported_s = np.where(false_report, created_s + report_delay, reported_s)
    actioned_s = np.where(
        proactive_path,
        created_s + pro_delay,
        np.where(harmful, reported_s + latency, np.nan),
    )
    viewed = rng.random(events) < 0.92
    view_s = np.where(viewed, created_s + rng.exponential(300.0, events), np.nan)
    # whole seconds, as stored
    reported_s, actioned_s, view_s = np.floor(reported_s), np.floor(actioned_s), np.floor(view_s)

    is_reported = ~np.isnan(reported_s)
    reports = np.where(is_reported, 1 + rng.poisson(0.6, events), 0)
    resolved = np.where(harmful | (rng.random(events) < 0.9), reports, 0)
    reporter = np.where(is_reported, np.where(rng.random(events) < 0.3, "creator", "user"), NONE)
    appealed = harmful & (rng.random(events) < 0.08)
    overturned = appealed & (rng.random(events) < p_over)
    strike = harmful & np.isin(category, list(SERIOUS)) & (rng.random(events) < 0.4)

    # derived flags: the same definitions as domain.metrics.derive, vectorised
    actioned = harmful
    proactive = actioned & (np.isnan(reported_s) | (actioned_s < reported_s))
    before_view = actioned & (np.isnan(view_s) | (actioned_s <= view_s))
    within = actioned & ((actioned_s - created_s) <= m.DAY_SECONDS)
    lat = np.where(actioned & is_reported & (actioned_s >= reported_s), actioned_s - reported_s, -1)

    order = np.argsort(created_s, kind="stable")
    return {
        "start": start,
        "order": order,
        "region": np.array(names, dtype=object)[region_idx],
        "language": language,
        "creator_id": creator,
        "category": category,
        "day_idx": day_idx,
        "created_s": created_s,
        "action": action,
        "held": held,
        "actioned_s": actioned_s,
        "view_s": view_s,
        "reported_s": reported_s,
        "reporter": reporter,
        "reports": reports,
        "resolved": resolved,
        "appealed": appealed,
        "overturned": overturned,
        "strike": strike,
        "nudge": nudge,
        "actioned": actioned,
        "proactive": proactive,
        "before_view": before_view,
        "within": within,
        "latency": lat,
    }


def rows(cols: dict[str, Any], source: str = "demo") -> Iterator[dict[str, Any]]:
    """The generated columns as insertable row dicts, in creation order."""
    start: datetime = cols["start"]
    first_day = start.date()

    def at(seconds: float) -> datetime | None:
        if np.isnan(seconds):
            return None
        return start + timedelta(seconds=int(seconds))

    for i in cols["order"].tolist():
        created = start + timedelta(seconds=int(cols["created_s"][i]))
        lat = int(cols["latency"][i])
        yield {
            "comment_id": None,
            "creator_id": int(cols["creator_id"][i]),
            "region": cols["region"][i],
            "language": cols["language"][i],
            "category": cols["category"][i],
            "day": first_day + timedelta(days=int(cols["day_idx"][i])),
            "created_at": created,
            "action": cols["action"][i],
            "held": bool(cols["held"][i]),
            "actioned_at": at(cols["actioned_s"][i]),
            "first_view_at": at(cols["view_s"][i]),
            "reported_at": at(cols["reported_s"][i]),
            "reporter": cols["reporter"][i],
            "reports": int(cols["reports"][i]),
            "reports_resolved": int(cols["resolved"][i]),
            "appealed": bool(cols["appealed"][i]),
            "overturned": bool(cols["overturned"][i]),
            "strike": bool(cols["strike"][i]),
            "nudge": cols["nudge"][i],
            "actioned": bool(cols["actioned"][i]),
            "proactive": bool(cols["proactive"][i]),
            "before_view": bool(cols["before_view"][i]),
            "within_24h": bool(cols["within"][i]),
            "seconds_report_to_action": lat if lat >= 0 else None,
            "latency_bucket": m.latency_bucket(lat) if lat >= 0 else None,
            "source": source,
        }


def _region_creators(rt: Runtime, principal: Principal) -> dict[str, list[int]]:
    """Existing creators per region; one is registered for any region that has none."""
    with rt.read() as s:
        found = s.execute(select(Creator.id, Creator.region)).all()
    by_region: dict[str, list[int]] = {r: [] for r in REGIONS}
    for cid, region in found:
        if region in by_region:
            by_region[region].append(cid)
    for region, ids in by_region.items():
        if not ids:
            c = creators.register_creator(
                rt,
                principal,
                creators.NewCreator(
                    handle=f"{region.lower()}.voices",
                    display_name=f"{region} Voices",
                    region=region,
                    niche="news",
                    languages=tuple(REGIONS[region][2]),
                ),
            )
            ids.append(c.id)
    return by_region


def _safety_mode(
    cols: dict[str, Any], creator_ids: dict[str, list[int]], seed: int, days: int
) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed + 1)
    start: datetime = cols["start"]
    out = []
    for region, ids in creator_ids.items():
        per_creator = 6 if region == "PK" else 3
        for cid in ids:
            for _ in range(per_creator):
                began = start + timedelta(seconds=int(rng.integers(0, days * 86400)))
                hours = float(rng.uniform(2, 96))
                out.append(
                    {
                        "creator_id": cid,
                        "region": region,
                        "started_at": began,
                        "ended_at": began + timedelta(hours=hours),
                        "reason": "pile-on",
                    }
                )
    return out


def history_loaded(rt: Runtime) -> bool:
    with rt.read() as s:
        n = s.scalar(
            select(func.count())
            .select_from(EnforcementFact)
            .where(EnforcementFact.source == "demo")
        )
    return bool(n)


def load_history(
    rt: Runtime, principal: Principal, days: int, events: int, seed: int
) -> HistorySummary:
    """Write the history in bulk (one transaction, one audit event). Skips if already loaded."""
    require(principal, Role.ADMIN)
    if days < 1 or events < 1:
        from hifazat.errors import InvalidInput

        raise InvalidInput("days and events must be at least 1")
    if history_loaded(rt):
        return HistorySummary(0, days, 0, 0, skipped=True)
    creator_ids = _region_creators(rt, principal)
    now = rt.now()
    cols = generate(days, events, seed, now.date(), creator_ids)
    periods = _safety_mode(cols, creator_ids, seed, days)
    table = EnforcementFact
    with rt.transaction() as s:
        batch: list[dict[str, Any]] = []
        for row in rows(cols):
            batch.append(row)
            if len(batch) >= CHUNK:
                s.execute(insert(table), batch)
                batch = []
        if batch:
            s.execute(insert(table), batch)
        s.execute(insert(SafetyModePeriod), periods)
        first = cols["start"].date()
        rebuild(s, first, first + timedelta(days=days - 1))
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="demo.history_loaded",
            subject_type="metrics",
            subject_id="demo",
            data={"days": days, "events": events, "seed": seed},
        )
    return HistorySummary(events, days, len(REGIONS), len(periods))
