"""Test data for the support features, created through the services."""

from __future__ import annotations

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.services import creators, escalations
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

ABUSE = (
    "tu kutta hai, shakal dekhi hai apni?",
    "tujhe jaan se maar denge",
    "ghar ka pata mil gaya hai, 0301-1234567 pe call kar",
    "tum ghatiya ho",
    "send nudes or i will leak your pics",
    "تم کتی ہو",
)
PILEON = "tu kutta hai, ghatiya aurat"


def creator_principal(handle: str) -> Principal:
    return Principal(role=Role.CREATOR, name=handle, subjects=frozenset({handle}))


def partner_principal(org: str) -> Principal:
    return Principal(role=Role.PARTNER, name=f"{org}-staff", subjects=frozenset({org}))


def seed_creator(rt: Runtime, handle: str = "sana.speaks", niche: str = "activist") -> str:
    creators.register_creator(
        rt,
        SYSTEM,
        creators.NewCreator(handle, "Sana", "PK", niche, ("en", "ur"), audience_size=250_000),
    )
    return handle


def seed_abuse(rt: Runtime, handle: str, clock: object) -> list[int]:
    """Six abusive comments an hour apart, one friendly one, then a pile-on of six in 30 min."""
    ids = []
    for i, text in enumerate(ABUSE):
        out = ingest_comment(
            rt,
            SYSTEM,
            NewComment(f"a{i}", handle, text, author_id=f"troll{i}", content_id="v-1"),
        )
        ids.append(out.id)
        clock.advance(hours=1)  # type: ignore[attr-defined]
    ingest_comment(rt, SYSTEM, NewComment("nice", handle, "Bohat acha laga!", author_id="fan"))
    for i in range(6):
        out = ingest_comment(
            rt, SYSTEM, NewComment(f"p{i}", handle, f"{PILEON} {i}", author_id=f"mob{i}")
        )
        ids.append(out.id)
        clock.advance(minutes=5)  # type: ignore[attr-defined]
    return ids


def seed_partner(rt: Runtime, org: str = "drf") -> str:
    escalations.add_partner(
        rt, SYSTEM, org, "Digital Rights Foundation", "PK", "pk_drf_cyber_harassment_helpline", 48
    )
    return org
