"""Filing a report: resolve the subject, fold it into the subject's open case, audit.

The reporter's identity is stored for staff and never returned to the reported account or the
creator (see services/case_views.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Case, ModeratorDecision, Report
from hifazat.db.tables import Account, Comment, Content, Creator
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import (
    Lane,
    ReportReason,
    SubjectType,
    base_priority,
    rank_key,
    reason_for,
    sla_due,
    target_risk,
)
from hifazat.errors import Forbidden, InvalidInput, UnknownSubject
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime

REPORTERS = (
    Role.INTEGRATOR,
    Role.CREATOR,
    Role.PARTNER,
    Role.ADMIN,
    Role.MODERATOR,
    Role.SENIOR_MODERATOR,
)


@dataclass(frozen=True)
class NewReport:
    subject_type: str
    subject_id: str
    reason: str
    text: str | None = None
    creator: str | None = None  # needed for content (its id is per creator)
    reporter: str | None = None  # the reporting account's id (integrators)
    on_behalf_of: str | None = None
    reach: int = 0


@dataclass(frozen=True)
class Subject:
    type: SubjectType
    ref: str
    creator: Creator | None
    author_id: int | None
    comment: Comment | None
    language: str | None
    region: str | None
    excerpt: str | None


def resolve_subject(s: Session, kind: str, ref: str, creator_handle: str | None) -> Subject:
    """The stored comment, content or account a report is about, or ``unknown_subject``."""
    try:
        stype = SubjectType(kind)
    except ValueError:
        raise UnknownSubject(
            f"subject type must be comment, content or account, not {kind!r}"
        ) from None
    if stype is SubjectType.COMMENT:
        comment = s.get(Comment, int(ref)) if ref.isdigit() else None
        if comment is None:
            raise UnknownSubject(f"no comment {ref}", subject=f"comment:{ref}")
        return Subject(
            stype,
            str(comment.id),
            s.get(Creator, comment.creator_id),
            comment.author_id,
            comment,
            comment.language,
            comment.region,
            comment.text[:500],
        )
    if stype is SubjectType.CONTENT:
        creator = s.scalar(select(Creator).where(Creator.handle == (creator_handle or "")))
        content = (
            s.scalar(
                select(Content).where(Content.creator_id == creator.id, Content.external_id == ref)
            )
            if creator
            else None
        )
        if creator is None or content is None:
            raise UnknownSubject(
                f"no content {ref!r} for creator {creator_handle!r}", subject=f"content:{ref}"
            )
        return Subject(
            stype, str(content.id), creator, None, None, None, creator.region, content.title
        )
    account = s.scalar(select(Account).where(Account.external_id == ref))
    if account is None:
        raise UnknownSubject(f"no account {ref!r}", subject=f"account:{ref}")
    creator = (
        s.scalar(select(Creator).where(Creator.handle == creator_handle))
        if creator_handle
        else None
    )
    return Subject(
        stype, str(account.id), creator, account.id, None, None, account.region, account.handle
    )


def _risk(s: Session, creator: Creator | None) -> int:
    if creator is None:
        return 0
    earlier = s.scalar(
        select(Case.id)
        .where(Case.creator_id == creator.id, Case.lane == Lane.PRIORITY.value)
        .limit(1)
    )
    return target_risk(creator.audience_size, 1 if earlier is not None else 0)


def open_or_fold(
    s: Session,
    subject: Subject,
    reason: ReportReason,
    now: datetime,
    *,
    source: str,
    reach: int,
    trusted: bool,
    sla_hours: dict[str, int],
    automated_decision_id: int | None = None,
) -> tuple[Case, bool]:
    """The subject's open case (made more urgent if this reason is graver), or a new one."""
    key = f"{subject.type.value}:{subject.ref}"
    case = s.scalar(select(Case).where(Case.open_key == key).with_for_update())
    if case is None:
        risk = _risk(s, subject.creator)
        case = Case(
            subject_type=subject.type.value,
            subject_ref=subject.ref,
            open_key=key,
            creator_id=subject.creator.id if subject.creator else None,
            author_id=subject.author_id,
            comment_id=subject.comment.id if subject.comment else None,
            source=source,
            category=reason.category.value,
            reason=reason.code,
            severity=reason.severity,
            lane=reason.lane.value,
            status="open",
            language=subject.language,
            region=subject.region,
            reach=max(reach, 0),
            risk=risk,
            rank=rank_key(base_priority(reason.severity, reach, risk), now),
            report_count=1 if source == "report" else 0,
            trusted_flagger=trusted,
            automated_decision_id=automated_decision_id,
            excerpt=subject.excerpt,
            opened_at=now,
            due_at=sla_due(reason.lane.value, now, sla_hours),
            partner_consent=False,
            updated_at=now,
        )
        s.add(case)
        s.flush()  # a concurrent first report loses on open_key; file_report retries it once
        return case, False
    graver = reason.severity > case.severity or (
        reason.lane is Lane.PRIORITY and case.lane != Lane.PRIORITY.value
    )
    if graver:
        case.category, case.reason = reason.category.value, reason.code
        case.severity = max(case.severity, reason.severity)
        if reason.lane is Lane.PRIORITY:
            case.lane = Lane.PRIORITY.value
            case.due_at = min(case.due_at, sla_due(case.lane, now, sla_hours))
    if graver or reach > case.reach:
        case.reach = max(case.reach, reach)
        case.rank = rank_key(base_priority(case.severity, case.reach, case.risk), case.opened_at)
    case.trusted_flagger = case.trusted_flagger or trusted
    case.updated_at = now
    return case, True


def _reporter(principal: Principal, cmd: NewReport) -> str:
    if principal.role is Role.INTEGRATOR:
        if not cmd.reporter:
            raise InvalidInput("an integrator must say which account reports (reporter)")
        return f"account:{cmd.reporter}"
    if principal.role in {Role.CREATOR, Role.PARTNER}:
        if len(principal.subjects) != 1 and not cmd.reporter:
            return principal.actor
        return f"{principal.role.value}:{cmd.reporter or next(iter(principal.subjects))}"
    return principal.actor


@dataclass(frozen=True)
class FiledReport:
    id: int
    case_id: int
    folded: bool
    lane: str
    status: str


def file_report(rt: Runtime, principal: Principal, cmd: NewReport) -> FiledReport:
    """Report a comment, content or account. Many reports on one subject fold into one case."""
    try:
        with rt.transaction() as s:
            return file_report_in(s, principal, cmd, rt.now(), rt.settings.sla_hours)
    except IntegrityError:  # two first reports on one subject at once: now it folds
        with rt.transaction() as s:
            return file_report_in(s, principal, cmd, rt.now(), rt.settings.sla_hours)


def file_report_in(
    s: Session, principal: Principal, cmd: NewReport, now: datetime, sla_hours: dict[str, int]
) -> FiledReport:
    """:func:`file_report` inside the caller's transaction (the event batches use it)."""
    require(principal, *REPORTERS)
    reason = reason_for(cmd.reason)
    scoped = principal.role in {Role.CREATOR, Role.PARTNER}
    if scoped and cmd.reporter and cmd.reporter not in principal.subjects:
        raise Forbidden(f"you may not report as {cmd.reporter!r}")
    reporter = _reporter(principal, cmd)
    trusted = principal.role is Role.PARTNER
    subject = resolve_subject(s, cmd.subject_type, cmd.subject_id, cmd.creator)
    case, folded = open_or_fold(
        s,
        subject,
        reason,
        now,
        source="report",
        reach=cmd.reach,
        trusted=trusted,
        sla_hours=sla_hours,
    )
    if folded:
        case.report_count += 1
    report = Report(
        case_id=case.id,
        reason=reason.code,
        text=cmd.text,
        filed_by=principal.actor,
        reporter=reporter,
        on_behalf_of=cmd.on_behalf_of,
        trusted_flagger=trusted,
        created_at=now,
    )
    s.add(report)
    s.flush()
    audit.append(
        s,
        at=now,
        actor=principal.actor,
        action="case.reported",
        subject_type="case",
        subject_id=case.id,
        data={
            "report": report.id,
            "reason": reason.code,
            "folded": folded,
            "lane": case.lane,
            "subject": f"{case.subject_type}:{case.subject_ref}",
        },
    )
    return FiledReport(report.id, case.id, folded, case.lane, case.status)


@dataclass(frozen=True)
class MyReport:
    """A reporter's own report and what became of it (no one else's identity)."""

    id: int
    case_id: int
    subject_type: str
    reason: str
    text: str | None
    created_at: datetime
    status: str
    outcome: str | None
    decided_at: datetime | None


def my_reports(rt: Runtime, principal: Principal, limit: int = 100) -> list[MyReport]:
    """Reports filed by the caller (a creator sees those filed under any of their handles)."""
    require(principal, *REPORTERS)
    with rt.read() as s:
        rows = s.execute(
            select(Report, Case)
            .join(Case, Case.id == Report.case_id)
            .where(Report.filed_by == principal.actor)
            .order_by(Report.id.desc())
            .limit(limit)
        ).all()
        out = []
        for report, case in rows:
            last = s.scalar(
                select(ModeratorDecision)
                .where(ModeratorDecision.case_id == case.id)
                .order_by(ModeratorDecision.id.desc())
                .limit(1)
            )
            out.append(
                MyReport(
                    report.id,
                    case.id,
                    case.subject_type,
                    report.reason,
                    report.text,
                    report.created_at,
                    case.status,
                    last.outcome if last and last.reversed_at is None else None,
                    case.decided_at,
                )
            )
        return out
