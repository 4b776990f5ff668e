"""GET /v1/guides: the safety center's guides in English and Urdu, searchable."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from hifazat.api.deps import ALL_ROLES, Allow
from hifazat.domain.access import Principal
from hifazat.services import guides

router = APIRouter(prefix="/v1/guides", tags=["support"])


class GuideSummary(BaseModel):
    id: str
    lang: str
    title: str
    summary: str
    issues: list[str]
    score: float | None = None
    snippet: str | None = None


class GuideOut(GuideSummary):
    body_markdown: str


@router.get("", response_model=list[GuideSummary])
def list_or_search(
    q: str = "",
    lang: str = "en",
    principal: Principal = Depends(Allow(*ALL_ROLES)),
) -> list[GuideSummary]:
    """All guides in ``lang``, or those matching every word of ``q`` (best first)."""
    if q.strip():
        return [
            GuideSummary(
                id=h.guide.id,
                lang=h.guide.lang,
                title=h.guide.title,
                summary=h.guide.summary,
                issues=list(h.guide.issues),
                score=h.score,
                snippet=h.snippet,
            )
            for h in guides.search_guides(q, lang)
        ]
    return [
        GuideSummary(id=g.id, lang=g.lang, title=g.title, summary=g.summary, issues=list(g.issues))
        for g in guides.list_guides(lang)
    ]


@router.get("/{guide_id}", response_model=GuideOut)
def read(
    guide_id: str, lang: str = "en", principal: Principal = Depends(Allow(*ALL_ROLES))
) -> GuideOut:
    g = guides.get_guide(guide_id, lang)
    return GuideOut(
        id=g.id,
        lang=g.lang,
        title=g.title,
        summary=g.summary,
        issues=list(g.issues),
        body_markdown=g.body,
    )
