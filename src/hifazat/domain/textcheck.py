"""Checks on text arriving from outside, before anything is stored. Pure."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(text: str, max_chars: int) -> str | None:
    """Why ``text`` cannot be processed, or None when it can."""
    if len(text) > max_chars:
        return f"text is longer than {max_chars} characters"
    if "\x00" in text:
        return "text contains a NUL character"
    if not text.isascii() and _SURROGATE.search(text) is not None:
        return "text contains a lone surrogate (not valid Unicode)"
    return None
