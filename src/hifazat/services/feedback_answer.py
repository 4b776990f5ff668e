"""The feedback report's answer in words: the parts of "did better metrics mean a better
experience?" and the next steps, as message ids with parameters (translated by the page), built
from the numbers :mod:`hifazat.services.feedback_report` computes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hifazat.domain import feedback_analysis as fa

#: Metric names as shown in the report, English and Urdu.
METRIC_LABELS = {
    "proactive_rate": ("proactive rate", "پیشگی کارروائی کی شرح"),
    "action_rate": ("action rate", "کارروائی کی شرح"),
    "within_24h_rate": ("actioned within 24 hours", "24 گھنٹوں میں کارروائی کی شرح"),
}
MAGNITUDE_UR = {
    "negligible": "نہ ہونے کے برابر",
    "small": "کم",
    "medium": "درمیانہ",
    "large": "بڑا",
}


def _msg(msgid: str, params: Mapping[str, Any] | None = None, **ur: Any) -> dict[str, Any]:
    """A sentence as a catalogue msgid with its parameters (the page translates it); ``ur``
    overrides parameters that are words themselves (tool names, magnitudes)."""
    params = dict(params or {})
    return {
        "msgid": msgid,
        "params": params,
        "params_ur": {**params, **ur},
        "text": msgid.format(**params),
    }


def answer_parts(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What creators said before and after, set beside the measured metrics for the session's
    region over the same months."""
    comps = {c["measure"]: c for c in report.get("comparisons", [])}
    main = comps.get("perceived_safety")
    if not main or main.get("difference") is None:
        return [
            _msg(
                "Not enough answers before and after the day to say whether creators felt a change."
            )
        ]
    parts = [
        _msg(
            {
                "higher": "Yes, creators reported feeling safer after the day.",
                "lower": "No: creators reported feeling less safe after the day.",
            }.get(main["verdict"], "No clear change: the interval includes no change.")
        )
    ]
    effect = main.get("effect_size")
    size = fa.magnitude(effect) if effect is not None else "negligible"
    parts.append(
        _msg(
            "Perceived safety (1–5) went from {before} to {after}: a change of {diff} "
            "(95% CI {low} to {high}), {size} effect ({kind} {effect}), n={n}.",
            {
                "before": f"{main['mean_before']:.2f}",
                "after": f"{main['mean_after']:.2f}",
                "diff": f"{main['difference']:+.2f}",
                "low": f"{main['low']:+.2f}" if main.get("low") is not None else "–",
                "high": f"{main['high']:+.2f}" if main.get("high") is not None else "–",
                "size": size,
                "kind": main["effect_kind"],
                "effect": f"{effect:+.2f}" if effect is not None else "–",
                "n": min(main["n_before"], main["n_after"]),
            },
            size=MAGNITUDE_UR[size],
        )
    )
    region = report.get("session", {}).get("region")
    pvm = report.get("perception_vs_metrics", {})
    points = sorted(
        (p for p in pvm.get("points", []) if p["region"] == region), key=lambda p: p["period"]
    )
    if len(points) >= 2:
        first, last = points[0], points[-1]
        for name in ("proactive_rate", "action_rate"):
            a, b = first["metrics"].get(name), last["metrics"].get(name)
            if a is not None and b is not None:
                parts.append(
                    _msg(
                        "Measured in {region}: {metric} {a} ({pa}) → {b} ({pb}); perceived safety "
                        "{sa} → {sb} over the same months.",
                        {
                            "region": region,
                            "metric": METRIC_LABELS[name][0],
                            "a": f"{a:.0%}",
                            "b": f"{b:.0%}",
                            "pa": first["period"],
                            "pb": last["period"],
                            "sa": f"{first['perceived']['mean']:.2f}",
                            "sb": f"{last['perceived']['mean']:.2f}",
                        },
                        metric=METRIC_LABELS[name][1],
                    )
                )
                break
    elif points:
        parts.append(
            _msg(
                "Only one month of measured metrics for {region}; no trend to compare.",
                {"region": region},
            )
        )
    else:
        parts.append(_msg("No measured metrics for these months yet."))
    return parts


def next_steps(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    steps = []
    for f in report.get("funnel", []):
        if f["n"] and f["aware"]["share"] < 0.5:
            steps.append(
                _msg(
                    "Raise awareness of “{tool}”: {share} knew it existed.",
                    {"tool": f["en"], "share": f"{f['aware']['share']:.0%}"},
                    tool=f["ur"],
                )
            )
        elif f["n"] and f["used"]["share"] < f["aware"]["share"] / 2:
            steps.append(
                _msg(
                    "Find out why creators who know “{tool}” do not use it.",
                    {"tool": f["en"]},
                    tool=f["ur"],
                )
            )
    for g in report.get("gaps", [])[:3]:
        steps.append(
            _msg(
                "Close the gap “{feature}”: offered by {count} of 7 platforms.",
                {"feature": g["feature"], "count": len(g["offered_by"])},
            )
        )
    top = report.get("ideas", {}).get("top", [])
    if top:
        steps.append(_msg("Prototype the top-voted idea: “{idea}”.", {"idea": top[0]["idea"]}))
    sus = report.get("sus")
    if sus and sus["score"]["mean"] is not None and sus["score"]["mean"] < 68:
        steps.append(
            _msg(
                "Improve usability: SUS {sus} is below 68.", {"sus": f"{sus['score']['mean']:.0f}"}
            )
        )
    if any(
        a["rho"] is None for a in report.get("perception_vs_metrics", {}).get("associations", [])
    ):
        steps.append(
            _msg(
                "Repeat the survey in more regions and months so perception can be "
                "set against the metrics."
            )
        )
    return steps[:8]
