"""Checks on text arriving from outside, before anything is stored. Pure."""

from __future__ import annotations

_SURROGATES = range(0xD800, 0xE000)


def text_problem(text: str, max_chars: int) -> str | None:
    """Why ``text`` cannot be processed, or None when it can."""
    if len(text) > max_chars:
        return f"text is longer than {max_chars} characters"
    if "\x00" in text:
        return "text contains a NUL character"
    for ch in text:
        if ord(ch) in _SURROGATES:
            return "text contains a lone surrogate (not valid Unicode)"
    return None
