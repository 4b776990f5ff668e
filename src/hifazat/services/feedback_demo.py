"""Demo: a Lahore focus-group day (pre-survey, brainstorm with votes, post-survey) and earlier
open-link survey waves, all through the services. Answers come from a seeded process over the
levels in ``feedback/demo/lahore_day.yaml``; nothing in the report is hard-coded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from typing import Any

import numpy as np
import yaml
from sqlalchemy import func, select

from hifazat.db.feedback_tables import FocusGroupSession
from hifazat.db.tables import Creator
from hifazat.domain.access import SYSTEM
from hifazat.services import benchmark, surveys
from hifazat.services import focus_groups as fgs
from hifazat.services.runtime import Runtime

SEGMENTS = ("lifestyle", "artist", "cook", "comedian", "educator", "activist", "storyteller")
#: What the demo operator says their own platform offers today (Hifazat's own features).
OWN_COLUMN = {
    "comment_keyword_filter": ("yes", "Keyword list, matched in any spelling"),
    "auto_offensive_filter": ("yes", "Detection in English, Urdu and Roman Urdu"),
    "comment_approval_queue": ("partial", "Held for review by keyword or score"),
    "hide_individual_comments": ("yes", "Hide or remove with a statement of reasons"),
    "two_factor_auth": ("not_applicable", "Accounts live on the integrating platform"),
}


@dataclass(frozen=True)
class FeedbackDemoSummary:
    session_id: int
    participants: int
    responses: int
    ideas: int
    skipped: bool = False


def _data() -> dict[str, Any]:
    raw = (files("hifazat.feedback") / "demo" / "lahore_day.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


def _month(day: date, months_ago: int) -> str:
    y, m = day.year, day.month - months_ago
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y:04d}-{m:02d}"


def _likert(rng: np.random.Generator, level: float) -> int:
    return int(min(5, max(1, round(rng.normal(level, 0.9)))))


def _answers(
    rng: np.random.Generator,
    data: dict[str, Any],
    wave: str,
    segment: str,
    shift: float = 0.0,
    free_text: str | None = None,
) -> dict[str, Any]:
    lv = dict(data["levels"][wave])
    seg = float(data["levels"]["segment_shift"].get(segment, 0.0)) + shift
    a: dict[str, Any] = {
        "A0": segment,
        "A1": sorted({"tiktok", str(rng.choice(["instagram", "youtube", "facebook"]))}),
        "A2": str(rng.choice(["lt1k", "1k-10k", "10k-100k", "100k-1m"])),
        "A4": ["ur"] + (["en"] if rng.random() < 0.5 else []),
    }
    exposure = 2.4 - (0.3 if wave == "post" else 0.0) - seg
    for n in range(1, 16):
        a[f"B{n}"] = _likert(rng, exposure - (0.8 if n in {3, 7, 8, 10} else 0.0))
    if any(a[f"B{n}"] > 1 for n in range(1, 14)):
        a.update(C1=str(rng.choice(["yes", "not_sure"])), C2=_likert(rng, 3.2), C4="stranger")
        for d in ("D1", "D2", "D6", "D7", "D9"):
            a[d] = "yes" if rng.random() < 0.45 else "no"
    aware = data["aware_help"][wave]
    a["E4"] = {k: ("yes" if rng.random() < p else "no") for k, p in aware.items()}
    f1: dict[str, int] = {}
    f2: dict[str, int] = {}
    for tool, (p_aware, p_use) in data["tools"][wave].items():
        r = rng.random()
        f1[tool] = 4 if r < p_use / 2 else 3 if r < p_use else 2 if r < p_aware else 1
        if f1[tool] >= 3:
            f2[tool] = _likert(rng, 3.4 if wave == "post" else 3.0)
    a["F1"] = f1
    if f2:
        a["F2"] = f2
    a["F4"] = sorted({str(x) for x in rng.choice(data["wanted"], size=2, replace=False)})
    for g in ("G1", "G2", "G3", "G4", "G5", "G6"):
        a[g] = _likert(rng, lv[g] - (seg if g != "G3" else -seg))
    sus = lv["sus"]
    for n in range(1, 11):
        a[f"H{n}"] = _likert(rng, sus if n % 2 == 1 else 6 - sus)
    a["I1"] = str(
        rng.choice(["legal", "security", "emotional", "removal", "evidence", "moderation"])
    )
    a["I2"] = str(rng.choice(["whatsapp", "phone", "in_app"]))
    if free_text:
        a["J1"] = free_text
    return a


def feedback_demo_loaded(rt: Runtime) -> bool:
    with rt.read() as s:
        return bool(s.scalar(select(func.count()).select_from(FocusGroupSession)))


def load_feedback_demo(rt: Runtime) -> FeedbackDemoSummary:
    """Idempotent: does nothing when a focus-group session exists."""
    if feedback_demo_loaded(rt):
        return FeedbackDemoSummary(0, 0, 0, 0, skipped=True)
    data = _data()
    rng = np.random.default_rng(int(data["seed"]))
    surveys.install_builtins(rt, SYSTEM)
    today = rt.now().date()
    held = today - timedelta(days=int(data["session"]["days_ago"]))
    sess = data["session"]
    session = fgs.create_session(
        rt,
        SYSTEM,
        fgs.NewSession(
            title=sess["title"],
            city=sess["city"],
            region=sess["region"],
            held_on=held.isoformat(),
            facilitator=sess["facilitator"],
            question=sess["question"],
            partner_org=sess.get("partner_org"),
        ),
    )
    with rt.read() as s:
        known = set(s.scalars(select(Creator.handle)))
    participants = {}
    for p in data["participants"]:
        handle = p.get("creator") if p.get("creator") in known else None
        participants[p["pid"]] = fgs.add_participant(
            rt,
            SYSTEM,
            session.id,
            p["pid"],
            p["segment"],
            consent=True,
            link_creator=handle,
            consent_to_link=handle is not None,
            languages=p.get("languages", []),
        )
    period = held.strftime("%Y-%m")
    responses = 0
    texts = list(data["free_text"])
    for wave in ("pre", "post"):
        campaign = surveys.create_campaign(
            rt,
            SYSTEM,
            surveys.NewCampaign(
                name=f"{sess['title']} — {wave}-survey",
                instrument_key="csm",
                region=sess["region"],
                period=period,
                mode="personal",
                wave=wave,
                session_id=session.id,
            ),
        )
        for n, (pid, part) in enumerate(participants.items()):
            inv = surveys.invite(rt, SYSTEM, campaign.id, participant_id=part.id)
            text = texts[n % len(texts)] if wave == "post" and n < len(texts) else None
            answers = _answers(rng, data, wave, part.segment, free_text=text)
            if wave == "post" and pid == "P18":
                # One participant left before finishing: the partial answers are kept.
                partial = {k: v for k, v in answers.items() if k[0] in "AB"}
                surveys.save_response(rt, inv.token, partial, language="ur")
                continue
            surveys.save_response(
                rt, inv.token, answers, language="ur" if n % 2 else "en", submit=True
            )
            responses += 1
    ideas = [
        fgs.capture_idea(rt, SYSTEM, session.id, i["text"], kind=i.get("kind", "idea"))
        for i in data["ideas"]
    ]
    clusters = fgs.apply_suggestions(rt, SYSTEM, session.id)
    for pid, picks in data["rankings"].items():
        fgs.record_ranking(rt, SYSTEM, session.id, pid, [ideas[i].id for i in picks], 2)
    cluster_ids = [c.id for c in clusters]
    if cluster_ids:
        weights = np.array([1.0 / (k + 1) ** 0.6 for k in range(len(cluster_ids))])
        for pid in participants:
            dots = rng.choice(cluster_ids, size=3, p=weights / weights.sum())
            fgs.record_dots(rt, SYSTEM, session.id, pid, [int(d) for d in dots])
    for note in data["notes"]:
        fgs.add_note(rt, SYSTEM, session.id, note["block"], note["text"])
    for wave in data["history"]:
        campaign = surveys.create_campaign(
            rt,
            SYSTEM,
            surveys.NewCampaign(
                name=f"Creator safety pulse {wave['region']} {_month(today, wave['months_ago'])}",
                instrument_key="csm",
                region=wave["region"],
                period=_month(today, int(wave["months_ago"])),
            ),
        )
        assert campaign.open_token is not None
        for n in range(int(wave["n"])):
            segment = SEGMENTS[n % len(SEGMENTS)]
            shift = float(wave["level"]) - 2.5
            answers = _answers(rng, data, "pre", segment, shift=-shift)
            for g in ("G1", "G2", "G4", "G5", "G6"):
                answers[g] = _likert(rng, float(wave["level"]))
            answers["G3"] = _likert(rng, 6 - float(wave["level"]))
            surveys.save_response(rt, campaign.open_token, answers, submit=True)
            responses += 1
        surveys.close_campaign(rt, SYSTEM, campaign.id)
    for feature, (value, detail) in OWN_COLUMN.items():
        benchmark.set_own_cell(rt, SYSTEM, feature, value, detail)
    return FeedbackDemoSummary(session.id, len(participants), responses, len(ideas))
