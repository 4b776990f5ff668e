"""Risk profile → ranked safety-plan recommendations, each with its reason. Pure.

Titles and reasons are English msgids with ``{params}``: the web UI translates them, the API
returns both the msgid and the English text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hifazat.domain.support.packs import KEYWORD_PACKS

#: Niches whose creators are attacked for who they are or what they say (focus-group finding).
HIGH_RISK_NICHES = frozenset({"activist", "journalist", "educator", "politics", "religion"})
#: Concerns a creator can declare themselves.
CONCERNS = (
    "intimate_images",
    "doxxed",
    "impersonation",
    "account_access",
    "offline_threat",
    "distress",
)
LEVELS = ("low", "medium", "high", "critical")
CHECKUP_DAYS = {"low": 60, "medium": 30, "high": 14, "critical": 7}
#: Control actions Hifazat can apply itself (the rest are steps the creator takes).
CONTROL_TYPES = ("keyword_pack", "filter_level", "safety_mode", "who_may_comment")


@dataclass(frozen=True)
class RiskProfile:
    niche: str | None = None
    audience_size: int = 0
    languages: tuple[str, ...] = ()
    #: Comments held, hidden or removed in the last 30 days, by category.
    abuse_30d: Mapping[str, int] = field(default_factory=dict)
    pileons_30d: int = 0
    reports_made: int = 0
    reports_actioned: int = 0
    concerns: frozenset[str] = frozenset()
    has_2fa: bool = False
    #: What is already in place: applied keyword packs, filter level, safety mode, who may comment.
    controls: Mapping[str, Any] = field(default_factory=dict)

    @property
    def abuse_total(self) -> int:
        return sum(self.abuse_30d.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "niche": self.niche,
            "audience_size": self.audience_size,
            "languages": list(self.languages),
            "abuse_30d": dict(sorted(self.abuse_30d.items())),
            "pileons_30d": self.pileons_30d,
            "reports_made": self.reports_made,
            "reports_actioned": self.reports_actioned,
            "concerns": sorted(self.concerns),
            "has_2fa": self.has_2fa,
            "controls": dict(self.controls),
        }


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: str
    priority: int
    kind: str  # "control" (Hifazat applies it) | "external" (a step the creator takes)
    title: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)
    action: Mapping[str, Any] | None = None
    guide: str | None = None
    helpline_issue: str | None = None


def risk_score(p: RiskProfile) -> int:
    score = 0
    if (p.niche or "").lower() in HIGH_RISK_NICHES:
        score += 2
    score += 2 if p.audience_size >= 1_000_000 else 1 if p.audience_size >= 100_000 else 0
    score += 2 if p.abuse_total >= 50 else 1 if p.abuse_total >= 10 else 0
    for category in ("threat", "blasphemy_accusation", "doxxing", "sexual_harassment"):
        if p.abuse_30d.get(category, 0) > 0:
            score += 2
    score += 2 if p.pileons_30d else 0
    score += 2 * len(p.concerns & {"intimate_images", "doxxed", "offline_threat"})
    score += len(p.concerns & {"impersonation", "account_access", "distress"})
    if p.reports_made >= 3 and p.reports_actioned * 2 < p.reports_made:
        score += 1
    return score


def risk_level(p: RiskProfile) -> str:
    score = risk_score(p)
    return "critical" if score >= 9 else "high" if score >= 6 else "medium" if score >= 3 else "low"


def checkup_days(level: str) -> int:
    return CHECKUP_DAYS[level]


def _n(p: RiskProfile, category: str) -> int:
    return int(p.abuse_30d.get(category, 0))


def recommend(p: RiskProfile) -> list[Recommendation]:
    """Every recommendation that applies, most urgent first; ones already in place are left out."""
    recs: list[Recommendation] = []
    add = recs.append
    level = risk_level(p)
    controls = p.controls
    high_niche = (p.niche or "").lower() in HIGH_RISK_NICHES

    if _n(p, "blasphemy_accusation") or "offline_threat" in p.concerns or _n(p, "threat"):
        add(
            Recommendation(
                "urgent_help",
                100,
                "external",
                "Get help now: threats can turn into offline danger",
                "You received {threats} threatening comments and {blasphemy} blasphemy "
                "accusations in the last 30 days, or told us you feel unsafe offline. Call the "
                "police emergency line if you are in danger, and a helpline for a safety plan.",
                {"threats": _n(p, "threat"), "blasphemy": _n(p, "blasphemy_accusation")},
                guide="legal-routes",
                helpline_issue="cyber_harassment",
            )
        )
    if "intimate_images" in p.concerns or _n(p, "sexual_harassment") >= 3:
        add(
            Recommendation(
                "hash_removal",
                95,
                "external",
                "Stop intimate images from spreading with hash-based removal",
                "You told us about intimate images or received {n} sexualised comments. "
                "StopNCII (adults) and Take It Down (images from under 18) block copies on "
                "participating platforms without the image leaving your phone.",
                {"n": _n(p, "sexual_harassment")},
                guide="sextortion",
                helpline_issue="ncii",
            )
        )
    if (p.pileons_30d or p.abuse_total >= 50) and not controls.get("safety_mode"):
        add(
            Recommendation(
                "safety_mode",
                90,
                "control",
                "Turn on safety mode",
                "{pileons} pile-ons and {total} abusive comments in the last 30 days: safety "
                "mode holds comments from new and unknown accounts until you review them.",
                {"pileons": p.pileons_30d, "total": p.abuse_total},
                action={"type": "safety_mode", "value": True},
                guide="cyberbullying",
            )
        )
    if _n(p, "doxxing") or "doxxed" in p.concerns:
        add(
            Recommendation(
                "lock_down_personal_data",
                85,
                "external",
                "Lock down your personal information",
                "{n} comments in the last 30 days exposed or asked for personal details. Remove "
                "your address, phone and family details from public profiles and old posts.",
                {"n": _n(p, "doxxing")},
                guide="doxxing",
                helpline_issue="cyber_harassment",
            )
        )
    if p.abuse_total >= 10 and controls.get("filter_level") not in {"strict", "strictest"}:
        add(
            Recommendation(
                "filter_strict",
                80,
                "control",
                "Raise your comment filter to strict",
                "{total} abusive comments in the last 30 days: a strict filter holds borderline "
                "comments for your review instead of showing them.",
                {"total": p.abuse_total},
                action={"type": "filter_level", "value": "strict"},
                guide="cyberbullying",
            )
        )
    if "impersonation" in p.concerns:
        add(
            Recommendation(
                "report_impersonation",
                80,
                "external",
                "Report the fake accounts and warn your audience",
                "You told us someone is impersonating you. Report each fake account on the "
                "platform and post once, on your real account, which accounts are yours.",
                guide="impersonation",
                helpline_issue="digital_security",
            )
        )
    if level in {"high", "critical"}:
        add(
            Recommendation(
                "partner_helpline",
                78,
                "external",
                "Talk to a digital-rights helpline",
                "Your risk level is {level}. A helpline can give legal advice, help with "
                "platforms and, with your consent, take your case with its evidence pack.",
                {"level": level},
                helpline_issue="cyber_harassment",
            )
        )
    if not p.has_2fa:
        urgent = bool(p.concerns & {"account_access", "impersonation"})
        add(
            Recommendation(
                "two_factor",
                88 if urgent else 75,
                "external",
                "Turn on two-step verification on every account",
                "Accounts of creators under attack are targets for takeover; a second step "
                "(an authenticator app, not SMS) stops most of it.",
                guide="account-security",
                helpline_issue="digital_security",
            )
        )
    who = controls.get("who_may_comment")
    if p.pileons_30d and (high_niche or p.pileons_30d >= 2) and who not in {"followers", "nobody"}:
        add(
            Recommendation(
                "followers_only",
                70,
                "control",
                "Let only your followers comment for now",
                "Pile-ons come from accounts that do not follow you. Limiting comments to "
                "followers for a while stops most of a pile-on; you can open them again.",
                action={"type": "who_may_comment", "value": "followers"},
                guide="cyberbullying",
            )
        )
    applied = set(controls.get("keyword_packs", ()))
    for category, pack in sorted(KEYWORD_PACKS.items()):
        n = _n(p, category)
        if n >= 3 and category not in applied:
            add(
                Recommendation(
                    f"pack_{category}",
                    60 + min(n, 9),
                    "control",
                    "Add the {category} keyword pack",
                    "{n} comments of this kind in the last 30 days. The pack adds {size} "
                    "phrases (in English, Urdu and Roman Urdu) that start this kind of abuse.",
                    {"n": n, "size": len(pack), "category": category},
                    action={"type": "keyword_pack", "value": category},
                    guide="cyberbullying",
                )
            )
    if p.abuse_total:
        add(
            Recommendation(
                "save_evidence",
                65,
                "external",
                "Save evidence before it disappears",
                "Make an evidence pack of the worst comments now: texts, authors, times and "
                "checksums, ready for a helpline or a complaint to the cybercrime agency.",
                guide="saving-evidence",
            )
        )
    if _n(p, "threat") or _n(p, "doxxing") or "intimate_images" in p.concerns:
        add(
            Recommendation(
                "legal_route",
                55,
                "external",
                "Know your legal options",
                "Threats, blackmail and sharing intimate images or personal data are offences "
                "under Pakistan's cybercrime law; you can complain to the cybercrime agency.",
                guide="legal-routes",
                helpline_issue="legal_aid",
            )
        )
    if "distress" in p.concerns or p.pileons_30d or p.abuse_total >= 50:
        add(
            Recommendation(
                "mental_health",
                85 if "distress" in p.concerns else 50,
                "external",
                "Look after yourself: talk to someone",
                "Abuse at this scale wears anyone down. It is not your fault; talking to a "
                "counsellor or someone you trust helps.",
                guide="mental-health",
                helpline_issue="mental_health",
            )
        )
    recs.sort(key=lambda r: (-r.priority, r.id))
    return recs
