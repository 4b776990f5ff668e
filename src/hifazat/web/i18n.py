"""UI strings through a translation catalogue: ``locale/<lang>.yaml`` maps English msgids."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

LANGUAGES = ("en", "ur")
RTL = frozenset({"ur"})


@cache
def catalogue(lang: str) -> dict[str, str]:
    raw = (files("hifazat.web") / "locale" / f"{lang}.yaml").read_text(encoding="utf-8")
    data: dict[str, str] = yaml.safe_load(raw) or {}
    return data


def translator(lang: str) -> Callable[..., str]:
    table = catalogue(lang)

    def gettext(msgid: str, **params: Any) -> str:
        text = table.get(msgid, msgid)
        return text.format(**params) if params else text

    return gettext
