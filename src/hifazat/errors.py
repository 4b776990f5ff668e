"""Typed errors with stable codes. No web imports: the API renders them as RFC 9457 problems."""

from __future__ import annotations

from typing import Any, ClassVar


class HifazatError(Exception):
    """Base of every expected error. ``code`` is stable and documented in docs/errors.md."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class InvalidInput(HifazatError):
    code = "invalid_input"
    status = 422
    title = "Invalid input"


class InvalidText(InvalidInput):
    code = "invalid_text"
    title = "Text cannot be processed"


class NotFound(HifazatError):
    code = "not_found"
    status = 404
    title = "Not found"


class UnknownCreator(HifazatError):
    code = "unknown_creator"
    status = 422
    title = "Unknown creator"


class UnknownContent(HifazatError):
    code = "unknown_content"
    status = 422
    title = "Unknown content"


class Conflict(HifazatError):
    code = "conflict"
    status = 409
    title = "Conflict"


class IdempotencyConflict(Conflict):
    code = "idempotency_conflict"
    title = "Event id reused with a different body"


class Unauthenticated(HifazatError):
    code = "unauthenticated"
    status = 401
    title = "Authentication required"


class Forbidden(HifazatError):
    code = "forbidden"
    status = 403
    title = "Not allowed"


class CsrfFailed(HifazatError):
    code = "csrf_failed"
    status = 403
    title = "Form expired or forged"


class AuditChainBroken(HifazatError):
    code = "audit_chain_broken"
    status = 500
    title = "Audit chain broken"


# --- metrics -------------------------------------------------------------------------------


class UnknownRegion(InvalidInput):
    code = "unknown_region"
    title = "Unknown region (not an ISO 3166-1 alpha-2 code)"


class InvalidPeriod(InvalidInput):
    code = "invalid_period"
    title = "Invalid period"


class BreakdownTooLarge(InvalidInput):
    code = "breakdown_too_large"
    title = "Breakdown has too many periods"


#: Codes the HTTP layer produces itself (not from a HifazatError): documented with the others.
HTTP_LAYER_CODES: dict[str, tuple[int, str]] = {
    "malformed_json": (400, "Request body is not valid JSON"),
    "validation_error": (422, "Request does not match the schema"),
    "payload_too_large": (413, "Request body too large"),
    "unsupported_media_type": (415, "Unsupported media type"),
    "method_not_allowed": (405, "Method not allowed"),
    "route_not_found": (404, "No such endpoint"),
    "internal_error": (500, "Internal error"),
}


def all_error_classes() -> list[type[HifazatError]]:
    seen: list[type[HifazatError]] = []
    stack: list[type[HifazatError]] = [HifazatError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen
