"""The one place errors become HTTP responses: RFC 9457 ``application/problem+json``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from hifazat.errors import HTTP_LAYER_CODES, HifazatError, NumberOutOfRange

log = logging.getLogger(__name__)
PROBLEM_TYPE_BASE = "https://hifazat.dev/problems/"
MEDIA_TYPE = "application/problem+json"


def problem(
    status: int, code: str, title: str, detail: str, instance: str | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def http_problem(code: str, detail: str, instance: str | None = None, **extra: Any) -> JSONResponse:
    status, title = HTTP_LAYER_CODES[code]
    return problem(status, code, title, detail, instance, **extra)


_RESERVED = frozenset({"type", "title", "status", "detail", "code", "instance"})


def _jsonable(value: Any) -> bool:
    """Extension members of a problem: plain JSON values only."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_jsonable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _jsonable(v) for k, v in value.items())
    return False


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        msg = next(e for e in errors if e.get("type") == "json_invalid").get("ctx", {}).get("error")
        return http_problem("malformed_json", f"body is not valid JSON: {msg}", request.url.path)
    custom = [e for e in errors if e.get("type") == "invalid_text"]
    items = [
        {
            "field": _location(e.get("loc", ())),
            "message": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in errors
    ]
    if custom:
        first = custom[0]
        return problem(
            422,
            "invalid_text",
            "Text cannot be processed",
            f"{_location(first.get('loc', ()))}: {first.get('msg')}",
            request.url.path,
            errors=items,
        )
    summary = "; ".join(f"{i['field']}: {i['message']}" for i in items[:5])
    return http_problem("validation_error", summary, request.url.path, errors=items)


def install(app: FastAPI) -> None:
    @app.exception_handler(HifazatError)
    async def _domain(request: Request, exc: HifazatError) -> JSONResponse:
        if exc.status >= 500:
            log.error("%s: %s", exc.code, exc.detail)
        extra = {k: v for k, v in exc.extra.items() if k not in _RESERVED and _jsonable(v)}
        return problem(exc.status, exc.code, exc.title, exc.detail, request.url.path, **extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return http_problem(
                "route_not_found", f"no endpoint at {request.url.path}", request.url.path
            )
        if exc.status_code == 405:
            return http_problem(
                "method_not_allowed", f"{request.method} is not allowed here", request.url.path
            )
        if exc.status_code == 400:
            return http_problem(
                "malformed_json", f"body could not be parsed: {exc.detail}", request.url.path
            )
        if exc.status_code == 415:
            return http_problem("unsupported_media_type", str(exc.detail), request.url.path)
        return problem(
            exc.status_code, "http_error", "HTTP error", str(exc.detail), request.url.path
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return http_problem(
            "internal_error", "something went wrong; it has been logged", request.url.path
        )

    async def _out_of_range(request: Request, exc: Exception) -> Any:
        """A number the schema let through but the database (or a date) cannot hold: the request's
        transaction was rolled back, so the caller gets a 422 and nothing is stored."""
        if not is_number_out_of_range(exc):
            return await _unexpected(request, exc)
        log.warning("number out of range on %s %s: %s", request.method, request.url.path, exc)
        err = NumberOutOfRange("a number in the request is too large or too small to store")
        # the HifazatError handler in force (the web pages render it as a page)
        return await request.app.exception_handlers[HifazatError](request, err)

    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)


#: PostgreSQL's SQLSTATE for "numeric value out of range".
_NUMERIC_OUT_OF_RANGE = "22003"


def is_number_out_of_range(exc: BaseException) -> bool:
    """Python's int too large for SQLite or a date, or PostgreSQL's numeric_value_out_of_range."""
    if isinstance(exc, OverflowError):
        return True
    if isinstance(exc, DataError):
        orig = getattr(exc, "orig", None)
        return getattr(orig, "sqlstate", None) == _NUMERIC_OUT_OF_RANGE
    return False
