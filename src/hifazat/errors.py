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


class NumberOutOfRange(InvalidInput):
    """A number too large (or small) for the database's 64-bit integers or for a date."""

    code = "number_out_of_range"
    title = "Number out of range"


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


class StreamUnavailable(HifazatError):
    code = "stream_unavailable"
    status = 503
    title = "Event stream unavailable"


class UnknownEventType(InvalidInput):
    code = "unknown_event_type"
    title = "Unknown event type"


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


# --- surveys and focus groups ---------------------------------------------------------------


class InvalidAnswers(InvalidInput):
    code = "invalid_answers"
    title = "Some survey answers are not valid (the valid ones were saved)"


class SurveyClosed(Conflict):
    code = "survey_closed"
    title = "This survey is closed or already submitted"


class InvalidInstrument(InvalidInput):
    code = "invalid_instrument"
    title = "Survey instrument file has problems"


class NoParticipantConsent(InvalidInput):
    code = "no_participant_consent"
    title = "The participant has not consented"


# --- support: helplines, safety plans, evidence packs, escalations ------------------------


class UnknownCountry(InvalidInput):
    code = "unknown_country"
    title = "No helplines listed for this country"


class UnknownIssue(InvalidInput):
    code = "unknown_issue"
    title = "Unknown helpline issue"


class UnknownPartner(HifazatError):
    code = "unknown_partner"
    status = 422
    title = "Unknown partner organisation"


class EscalationConsentMissing(InvalidInput):
    code = "escalation_consent_missing"
    title = "Sharing with a partner needs the creator's explicit consent"


class ConsentWithdrawn(HifazatError):
    code = "consent_withdrawn"
    status = 410
    title = "The creator withdrew consent; the case is no longer shared"


class InvalidEscalationStatus(Conflict):
    code = "invalid_escalation_status"
    title = "Not possible in the escalation's current status"


# --- guidelines, rules and creator controls ---------------------------------------------


class InvalidGuidelines(InvalidInput):
    code = "invalid_guidelines"
    title = "Guidelines do not validate"


class InvalidRules(InvalidInput):
    code = "invalid_rules"
    title = "Rules do not validate"


class InvalidControls(InvalidInput):
    code = "invalid_controls"
    title = "Controls do not validate"


class BulkTooLarge(InvalidInput):
    code = "bulk_too_large"
    title = "Too many items in one bulk action"


class AlreadyUndone(Conflict):
    code = "already_undone"
    title = "This bulk action was already undone"


# --- reports, cases, appeals and strikes ---------------------------------------------------


class UnknownSubject(HifazatError):
    code = "unknown_subject"
    status = 422
    title = "Unknown subject"


class UnknownReason(InvalidInput):
    code = "unknown_reason"
    title = "Unknown report reason"


class InvalidTransition(Conflict):
    code = "invalid_transition"
    title = "Not possible in the case's current state"


class CaseClaimed(Conflict):
    code = "case_claimed"
    title = "Case is claimed by another moderator"


class AppealWindowClosed(HifazatError):
    code = "appeal_window_closed"
    status = 422
    title = "Appeal window has closed"


class ReviewerConflict(Forbidden):
    code = "reviewer_conflict"
    title = "The original decider may not review this appeal"


class ConsentRequired(Forbidden):
    code = "consent_required"
    title = "The creator has not consented to escalation"


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
