"""Shared request/response shapes."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from hifazat.domain.textcheck import text_problem

MAX_TEXT = 20_000


def _check_text(value: str) -> str:
    problem = text_problem(value, MAX_TEXT)
    if problem:
        raise PydanticCustomError("invalid_text", problem)
    return value


#: Free text from outside: no NUL, no lone surrogates, bounded length.
SafeText = Annotated[str, AfterValidator(_check_text)]
Handle = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
]
ExternalId = Annotated[
    str, StringConstraints(min_length=1, max_length=128), AfterValidator(_check_text)
]
Region = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
