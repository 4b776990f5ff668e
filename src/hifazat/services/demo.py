"""Load the demo: personas, commenters, users and a comment stream, all through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from importlib.resources import files
from typing import Any

import yaml
from sqlalchemy import func, select

from hifazat.db.tables import Content, Creator
from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, creators, escalations
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

DEMO_PASSWORD = "hifazat-demo"
#: Staff users of the demo, (username, role, display name).
#: The partner organisation of the demo; the `partner` user works for it.
DEMO_PARTNER_ORG = "drf"
DEMO_STAFF = (
    ("admin", Role.ADMIN, "Admin"),
    ("moderator", Role.MODERATOR, "Sana (moderator)"),
    ("senior", Role.SENIOR_MODERATOR, "Imran (senior moderator)"),
    ("policy", Role.POLICY_MANAGER, "Nadia (policy)"),
    ("analyst", Role.ANALYST, "Bilal (analyst)"),
    ("partner", Role.PARTNER, "Digital rights helpline"),
)


def _load(name: str) -> Any:
    raw = (files("hifazat.demo") / "data" / name).read_text(encoding="utf-8")
    return yaml.safe_load(raw)


@dataclass(frozen=True)
class DemoSummary:
    creators: int
    comments: int
    users: int
    skipped: bool = False


def demo_loaded(rt: Runtime) -> bool:
    with rt.read() as s:
        return bool(s.scalar(select(func.count()).select_from(Creator)))


def load_demo(rt: Runtime) -> DemoSummary:
    """Idempotent: does nothing when creators already exist."""
    if demo_loaded(rt):
        return DemoSummary(0, 0, 0, skipped=True)
    personas = _load("personas.yaml")
    commenters = {c["handle"]: c for c in _load("commenters.yaml")}
    comments = _load("comments.yaml")
    now = rt.now()
    users = 0
    for p in personas:
        creators.register_creator(
            rt,
            SYSTEM,
            creators.NewCreator(
                handle=p["handle"],
                display_name=p["display_name"],
                region=p["region"],
                niche=p.get("niche"),
                languages=tuple(p.get("languages", [])),
                audience_size=int(p.get("audience_size", 0)),
                bio={"en": p.get("bio_en", ""), "ur": p.get("bio_ur", "")},
            ),
        )
        _add_content(rt, p)
        username = p["handle"].split(".")[0]
        access.create_user(
            rt, SYSTEM, username, DEMO_PASSWORD, Role.CREATOR, p["display_name"], [p["handle"]]
        )
        users += 1
    escalations.add_partner(
        rt,
        SYSTEM,
        DEMO_PARTNER_ORG,
        "Digital rights helpline (demo)",
        "PK",
        helpline_id="pk_drf_cyber_harassment_helpline",
    )
    for username, role, name in DEMO_STAFF:
        subjects = [DEMO_PARTNER_ORG] if role is Role.PARTNER else []
        access.create_user(rt, SYSTEM, username, DEMO_PASSWORD, role, name, subjects)
        users += 1
    ordered = sorted(enumerate(comments), key=lambda ic: -int(ic[1].get("minutes_ago", 0)))
    for index, c in ordered:
        author = commenters.get(c.get("author"), {})
        at = now - timedelta(minutes=int(c.get("minutes_ago", 0)))
        age = author.get("account_age_days")
        ingest_comment(
            rt,
            SYSTEM,
            NewComment(
                event_id=f"demo-{index}",
                creator=c["creator"],
                text=c["text"],
                author_id=c.get("author"),
                author_handle=c.get("author"),
                author_created_at=(at - timedelta(days=int(age))) if age is not None else None,
                content_id=c.get("content"),
                comment_id=f"demo-c{index}",
                region=author.get("region"),
                created_at=at,
            ),
        )
    from hifazat.services.feedback_demo import load_feedback_demo

    load_feedback_demo(rt)  # the Lahore focus-group day: surveys, brainstorm, votes
    return DemoSummary(len(personas), len(comments), users)


def _add_content(rt: Runtime, persona: dict[str, Any]) -> None:
    with rt.transaction() as s:
        creator = creators.creator_by_handle(s, persona["handle"])
        for item in persona.get("content", []):
            s.add(
                Content(
                    creator_id=creator.id,
                    external_id=str(item["id"]),
                    title=item.get("title"),
                    url=item.get("url"),
                    created_at=rt.now(),
                )
            )
