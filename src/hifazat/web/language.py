"""Pick the UI language from a ``/ur`` path prefix or ``?lang=ur``; strip the prefix for routing."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from hifazat.web.i18n import LANGUAGES


class LanguagePrefix:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            lang = "en"
            path: str = scope["path"]
            if path == "/ur" or path.startswith("/ur/"):
                lang = "ur"
                scope = dict(scope)
                scope["path"] = path[3:] or "/"
                scope["raw_path"] = scope["path"].encode()
            else:
                query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                wanted = query.get("lang", [""])[0]
                if wanted in LANGUAGES:
                    lang = wanted
            scope.setdefault("state", {})
            scope["state"]["lang"] = lang
        await self.app(scope, receive, send)
