"""What CLI commands share: settings, runtime, and error reporting without stack traces."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer

from hifazat.domain.detection.signal import Signal
from hifazat.errors import HifazatError
from hifazat.logging_config import configure_logging
from hifazat.services.runtime import Runtime, build_runtime
from hifazat.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")


def settings() -> Settings:
    s = Settings()
    configure_logging(s.log_level)
    return s


def runtime(with_detector: bool = True) -> Runtime:
    s = settings()
    if with_detector:
        return build_runtime(s)
    return build_runtime(s, detector=_NoDetector())


class _NoDetector:
    def detect(self, text: str) -> Signal:  # pragma: no cover - never called
        raise RuntimeError("this command does not detect")


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn expected errors into one line on stderr and exit code 1."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except HifazatError as exc:
            typer.echo(f"error [{exc.code}]: {exc.detail}", err=True)
            sys.exit(1)

    return wrapper
