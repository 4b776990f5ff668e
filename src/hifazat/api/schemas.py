"""Shared request/response shapes (the API routes and the stream's wire format use them)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from hifazat.domain.textcheck import text_problem
from hifazat.services.reports import NewReport

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
#: The largest integer the database stores (a 64-bit BIGINT): ids and counts that come from
#: outside are bounded by it, so a larger one is a validation error naming the field.
MAX_INT = 2**63 - 1


class SubjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["comment", "content", "account"]
    id: ExternalId = Field(description="comment: Hifazat comment id; content/account: your id")
    creator: Handle | None = Field(default=None, description="required for content")


# The body of POST /v1/reports and (with an optional routing ``creator``) the data of a
# report_filed event; a comment, not a docstring, so that the OpenAPI document stays as it was.
class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: SubjectIn
    reason: str = Field(max_length=32, description="a code from GET /v1/report-reasons")
    text: SafeText | None = Field(default=None, max_length=2000)
    reporter: ExternalId | None = Field(
        default=None, description="integrators: the reporting account's id"
    )
    on_behalf_of: ExternalId | None = Field(
        default=None, description="the person the report is made for"
    )
    reach: int = Field(default=0, ge=0, le=10**12, description="views of the subject, when known")

    def to_new_report(self) -> NewReport:
        return NewReport(
            subject_type=self.subject.type,
            subject_id=self.subject.id,
            creator=self.subject.creator,
            reason=self.reason,
            text=self.text,
            reporter=self.reporter,
            on_behalf_of=self.on_behalf_of,
            reach=self.reach,
        )
