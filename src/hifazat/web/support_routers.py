"""The support page routers: safety center, helplines, creator support pages, partner pages."""

from __future__ import annotations

from hifazat.web import creator_support_pages, partner_pages, support_pages

SUPPORT_WEB_ROUTERS = (support_pages.router, creator_support_pages.router, partner_pages.router)
