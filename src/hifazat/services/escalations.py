"""Hand-off to a partner organisation with the creator's explicit consent; status flows back.

The partner role sees only escalations shared with its organisation (the subjects on its key
or account), and loses access the moment the creator withdraws consent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Case
from hifazat.db.support_tables import Escalation, EscalationUpdate, EvidencePack, PartnerOrg
from hifazat.db.tables import Creator
from hifazat.domain.access import Principal, Role
from hifazat.domain.support import escalation as machine
from hifazat.errors import (
    Conflict,
    ConsentWithdrawn,
    EscalationConsentMissing,
    InvalidEscalationStatus,
    InvalidInput,
    NotFound,
    UnknownPartner,
)
from hifazat.services import audit
from hifazat.services.authz import require, require_creator_access
from hifazat.services.creators import creator_by_handle
from hifazat.services.evidence import add_custody
from hifazat.services.runtime import Runtime

#: What the creator agrees to, stored word for word with the escalation.
CONSENT_TEXT = (
    "I agree that {partner} may see this case, its evidence pack (the comments, their authors "
    "and times) and my handle, to help me. I can withdraw this consent at any time, and they "
    "then lose access."
)


@dataclass(frozen=True)
class EscalationView:
    id: int
    creator: str
    partner: str
    partner_name: str
    pack_id: int
    case_id: int | None
    summary: str
    status: str
    consent_text: str
    consent_at: datetime
    withdrawn_at: datetime | None
    first_response_due: datetime
    first_response_at: datetime | None
    sla: str
    created_at: datetime
    updated_at: datetime
    updates: list[dict[str, Any]] = field(default_factory=list)


def add_partner(
    rt: Runtime,
    principal: Principal,
    org_id: str,
    name: str,
    country: str,
    helpline_id: str | None = None,
    sla_hours: int | None = None,
) -> PartnerOrg:
    require(principal, Role.ADMIN)
    org_id = org_id.strip().lower()
    if not org_id or not org_id.replace("-", "").replace("_", "").isalnum() or len(org_id) > 64:
        raise InvalidInput("organisation id: 1-64 letters, digits, - or _")
    if not name.strip():
        raise InvalidInput("the organisation needs a name")
    hours = sla_hours or rt.settings.escalation_sla_hours
    if not 1 <= hours <= 24 * 30:
        raise InvalidInput("first-response SLA must be between 1 hour and 30 days")
    now = rt.now()
    with rt.transaction() as s:
        if s.get(PartnerOrg, org_id) is not None:
            raise Conflict(f"partner {org_id!r} already exists")
        org = PartnerOrg(
            id=org_id,
            name=name.strip(),
            country=country.strip().upper(),
            helpline_id=helpline_id,
            sla_hours=hours,
            created_at=now,
        )
        s.add(org)
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="partner.added",
            subject_type="partner",
            subject_id=org_id,
            data={"name": org.name, "country": org.country, "sla_hours": hours},
        )
    return org


def list_partners(rt: Runtime) -> list[PartnerOrg]:
    with rt.read() as s:
        return list(s.scalars(select(PartnerOrg).order_by(PartnerOrg.name)))


def _updates(session: Session, esc_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(EscalationUpdate)
        .where(EscalationUpdate.escalation_id == esc_id)
        .order_by(EscalationUpdate.id)
    )
    return [{"at": u.at, "actor": u.actor, "status": u.status, "note": u.note} for u in rows]


def _view(rt: Runtime, session: Session, e: Escalation) -> EscalationView:
    creator = session.get(Creator, e.creator_id)
    org = session.get(PartnerOrg, e.partner_id)
    assert creator is not None
    assert org is not None
    return EscalationView(
        id=e.id,
        creator=creator.handle,
        partner=org.id,
        partner_name=org.name,
        pack_id=e.pack_id,
        case_id=e.case_id,
        summary=e.summary,
        status=e.status,
        consent_text=e.consent_text,
        consent_at=e.consent_at,
        withdrawn_at=e.withdrawn_at,
        first_response_due=e.first_response_due,
        first_response_at=e.first_response_at,
        sla=machine.sla_state(e.first_response_due, e.first_response_at, rt.now()),
        created_at=e.created_at,
        updated_at=e.updated_at,
        updates=_updates(session, e.id),
    )


def _log(session: Session, e: Escalation, at: datetime, actor: str, status: str, note: str) -> None:
    session.add(EscalationUpdate(escalation_id=e.id, at=at, actor=actor, status=status, note=note))


def share(
    rt: Runtime,
    principal: Principal,
    handle: str,
    partner_id: str,
    pack_id: int,
    consent: bool,
    summary: str = "",
    case_id: int | None = None,
) -> EscalationView:
    """Share an evidence pack (and a case, when there is one) with a partner: the creator's
    own act, refused without explicit consent."""
    require(principal, Role.CREATOR)
    require_creator_access(principal, handle)
    if consent is not True:
        raise EscalationConsentMissing(
            "sharing with a partner needs your explicit consent: tick the consent box"
        )
    now = rt.now()
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        org = s.get(PartnerOrg, partner_id)
        if org is None:
            raise UnknownPartner(f"no partner organisation {partner_id!r}")
        pack = s.get(EvidencePack, pack_id)
        if pack is None or pack.creator_id != creator.id:
            raise NotFound(f"no evidence pack {pack_id} for @{handle}")
        if case_id is not None:
            case = s.get(Case, case_id)
            if case is None or case.creator_id != creator.id:
                raise NotFound(f"no case {case_id} about @{handle}")
        e = Escalation(
            creator_id=creator.id,
            partner_id=org.id,
            pack_id=pack.id,
            case_id=case_id,
            summary=summary.strip()[:4000],
            consent_text=CONSENT_TEXT.format(partner=org.name),
            consent_by=principal.actor,
            consent_at=now,
            withdrawn_at=None,
            status=machine.SHARED,
            first_response_due=now + timedelta(hours=org.sla_hours),
            first_response_at=None,
            created_at=now,
            updated_at=now,
        )
        s.add(e)
        s.flush()
        _log(s, e, now, principal.actor, machine.SHARED, "shared with consent")
        add_custody(
            s, pack.id, now, principal.actor, "shared", f"with {org.id} (escalation {e.id})"
        )
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="escalation.shared",
            subject_type="escalation",
            subject_id=e.id,
            data={"creator": handle, "partner": org.id, "pack": pack.id, "case": case_id},
        )
        s.flush()
        return _view(rt, s, e)


def withdraw_consent(
    rt: Runtime, principal: Principal, esc_id: int, reason: str = ""
) -> EscalationView:
    """The creator withdraws consent: the partner loses access to the case and its pack."""
    require(principal, Role.CREATOR)
    now = rt.now()
    with rt.transaction() as s:
        e = s.get(Escalation, esc_id)
        creator = s.get(Creator, e.creator_id) if e else None
        if e is None or creator is None or not principal.may_act_for(creator.handle):
            raise NotFound(f"no escalation {esc_id}")
        try:
            e.status = machine.withdraw(e.status)
        except machine.TransitionRefused as exc:
            raise ConsentWithdrawn(str(exc)) from exc
        e.withdrawn_at = e.updated_at = now
        _log(s, e, now, principal.actor, machine.WITHDRAWN, reason.strip()[:2000])
        add_custody(s, e.pack_id, now, principal.actor, "access_revoked", f"from {e.partner_id}")
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="escalation.consent_withdrawn",
            subject_type="escalation",
            subject_id=e.id,
            data={"partner": e.partner_id},
        )
        s.flush()
        return _view(rt, s, e)


def _for_partner(session: Session, principal: Principal, esc_id: int) -> Escalation:
    e = session.get(Escalation, esc_id)
    if e is None or e.partner_id not in principal.subjects:
        raise NotFound(f"no escalation {esc_id}")
    if not machine.partner_can_see(e.status):
        raise ConsentWithdrawn(f"the creator withdrew consent for escalation {esc_id}")
    return e


def update_status(
    rt: Runtime, principal: Principal, esc_id: int, status: str, note: str = ""
) -> EscalationView:
    """The partner moves the case on; the first update answers the first-response SLA."""
    require(principal, Role.PARTNER)
    now = rt.now()
    with rt.transaction() as s:
        e = _for_partner(s, principal, esc_id)
        try:
            e.status = machine.partner_move(e.status, status)
        except machine.TransitionRefused as exc:
            raise InvalidEscalationStatus(str(exc), status=e.status) from exc
        if e.first_response_at is None:
            e.first_response_at = now
        e.updated_at = now
        _log(s, e, now, principal.actor, status, note.strip()[:2000])
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="escalation.status",
            subject_type="escalation",
            subject_id=e.id,
            data={"status": status, "partner": e.partner_id},
        )
        s.flush()
        return _view(rt, s, e)


def get_escalation(rt: Runtime, principal: Principal, esc_id: int) -> EscalationView:
    with rt.read() as s:
        if principal.role is Role.PARTNER:
            return _view(rt, s, _for_partner(s, principal, esc_id))
        e = s.get(Escalation, esc_id)
        creator = s.get(Creator, e.creator_id) if e else None
        if e is None or creator is None:
            raise NotFound(f"no escalation {esc_id}")
        if principal.role not in {Role.CREATOR, Role.ADMIN}:
            raise NotFound(f"no escalation {esc_id}")
        require_creator_access(principal, creator.handle)
        return _view(rt, s, e)


def list_escalations(
    rt: Runtime, principal: Principal, handle: str | None = None
) -> list[EscalationView]:
    """A creator's own; a partner's organisation's (consented only); everything for admins."""
    with rt.read() as s:
        query = select(Escalation).order_by(Escalation.id.desc())
        if principal.role is Role.PARTNER:
            query = query.where(
                Escalation.partner_id.in_(sorted(principal.subjects)),
                Escalation.status != machine.WITHDRAWN,
            )
        elif principal.role is Role.CREATOR or handle:
            if handle is None:
                raise InvalidInput("name the creator")
            require_creator_access(principal, handle)
            query = query.where(Escalation.creator_id == creator_by_handle(s, handle).id)
        elif principal.role is not Role.ADMIN:
            return []
        return [_view(rt, s, e) for e in s.scalars(query)]
