"""The support routers (helplines, guides, safety plans, evidence, escalations, digest)."""

from __future__ import annotations

from hifazat.api.routes import digest, escalations, evidence, guides, helplines, safety_plans

SUPPORT_API_ROUTERS = (
    helplines.router,
    guides.router,
    safety_plans.router,
    evidence.router,
    escalations.router,
    digest.router,
)
