"""The safety center's guides, shipped as Markdown in ``hifazat/support/guides``."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from hifazat.domain.support.guides import Guide, Hit, parse_guide, search
from hifazat.errors import InvalidInput, NotFound

LANGS = ("en", "ur")


@cache
def all_guides() -> tuple[Guide, ...]:
    """Every guide in every language; a guide missing a language fails loudly."""
    folder = files("hifazat.support") / "guides"
    guides = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        name = item.name
        if not name.endswith(".md"):
            continue
        guide_id, _, lang = name[:-3].rpartition(".")
        guides.append(parse_guide(guide_id, lang, item.read_text(encoding="utf-8")))
    ids = {g.id for g in guides}
    for guide_id in ids:
        have = {g.lang for g in guides if g.id == guide_id}
        if have != set(LANGS):
            raise RuntimeError(f"guide {guide_id} is missing {sorted(set(LANGS) - have)}")
    return tuple(guides)


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise InvalidInput(f"language must be one of {', '.join(LANGS)}")
    return lang


def list_guides(lang: str = "en") -> list[Guide]:
    lang = _lang(lang)
    return [g for g in all_guides() if g.lang == lang]


def get_guide(guide_id: str, lang: str = "en") -> Guide:
    lang = _lang(lang)
    for g in all_guides():
        if g.id == guide_id and g.lang == lang:
            return g
    raise NotFound(f"no guide {guide_id!r}")


def search_guides(query: str, lang: str | None = None) -> list[Hit]:
    if lang is not None:
        _lang(lang)
    if len(query) > 200:
        raise InvalidInput("search for at most 200 characters")
    return search(all_guides(), query, lang)
