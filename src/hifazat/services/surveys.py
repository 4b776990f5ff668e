"""Surveys: install instruments, distribute them (open or personal links), save responses.

Respondents have no account: a link token identifies the campaign (open link) or the invitation
(personal link). Every save keeps the valid answers, so a partial response is never lost.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import orjson
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.feedback_tables import (
    FocusGroupParticipant,
    SurveyCampaign,
    SurveyInstrument,
    SurveyInvitation,
    SurveyResponse,
)
from hifazat.domain.access import Principal, Role
from hifazat.domain.surveys import (
    Instrument,
    InstrumentInvalid,
    Problem,
    Validated,
    derived_indicators,
    parse_instrument,
    validate_answers,
)
from hifazat.errors import (
    Conflict,
    InvalidInput,
    InvalidInstrument,
    NoParticipantConsent,
    NotFound,
    SurveyClosed,
)
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.creators import creator_by_handle
from hifazat.services.runtime import Runtime

#: Who runs surveys and focus groups (research / trust & safety staff).
FEEDBACK_ROLES = (Role.ADMIN, Role.POLICY_MANAGER, Role.ANALYST)
#: Who may read results (no individual answers are linked to names for anyone).
RESULT_READERS = (*FEEDBACK_ROLES, Role.SENIOR_MODERATOR)


def builtin_instrument_files() -> list[dict[str, Any]]:
    folder = files("hifazat.feedback") / "instruments"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            out.append(yaml.safe_load(entry.read_text(encoding="utf-8")))
    return out


def parse_or_fail(raw: Mapping[str, Any]) -> Instrument:
    try:
        return parse_instrument(raw)
    except InstrumentInvalid as exc:
        raise InvalidInstrument(
            f"{len(exc.problems)} problem(s): " + "; ".join(str(p) for p in exc.problems[:10])
        ) from exc


@lru_cache(maxsize=64)
def _parsed(blob: bytes) -> Instrument:
    return parse_instrument(orjson.loads(blob))


def instrument_of(row: SurveyInstrument) -> Instrument:
    return _parsed(orjson.dumps(row.definition, option=orjson.OPT_SORT_KEYS))


def install_instrument(
    rt: Runtime, principal: Principal, raw: Mapping[str, Any]
) -> SurveyInstrument:
    """Store one instrument version. Same key and version with the same content: no change;
    with different content: a conflict (a new wording needs a new version)."""
    require(principal, *FEEDBACK_ROLES)
    inst = parse_or_fail(raw)
    definition = orjson.loads(orjson.dumps(dict(raw)))
    now = rt.now()
    with rt.transaction() as s:
        existing = s.scalar(
            select(SurveyInstrument).where(
                SurveyInstrument.key == inst.key, SurveyInstrument.version == inst.version
            )
        )
        if existing is not None:
            if existing.definition != definition:
                raise Conflict(
                    f"{inst.key} v{inst.version} is installed with other content; "
                    "publish the change as a new version"
                )
            return existing
        row = SurveyInstrument(
            key=inst.key,
            version=inst.version,
            title=dict(inst.title),
            definition=definition,
            created_at=now,
        )
        s.add(row)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="survey.instrument_installed",
            subject_type="survey_instrument",
            subject_id=row.id,
            data={"key": inst.key, "version": inst.version, "items": len(inst.items())},
        )
    return row


def install_builtins(rt: Runtime, principal: Principal) -> list[SurveyInstrument]:
    return [install_instrument(rt, principal, raw) for raw in builtin_instrument_files()]


def list_instruments(rt: Runtime, principal: Principal) -> list[SurveyInstrument]:
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        return list(
            s.scalars(
                select(SurveyInstrument).order_by(SurveyInstrument.key, SurveyInstrument.version)
            )
        )


def latest_instrument(s: Session, key: str) -> SurveyInstrument:
    row = s.scalar(
        select(SurveyInstrument)
        .where(SurveyInstrument.key == key)
        .order_by(SurveyInstrument.version.desc())
        .limit(1)
    )
    if row is None:
        raise NotFound(f"no instrument {key!r} is installed (run: hifazat survey install)")
    return row


@dataclass(frozen=True)
class NewCampaign:
    name: str
    instrument_key: str
    region: str
    period: str
    mode: str = "open"  # open | personal
    anonymous: bool = True
    wave: str | None = None  # pre | post
    session_id: int | None = None
    instrument_version: int | None = None


def create_campaign(rt: Runtime, principal: Principal, new: NewCampaign) -> SurveyCampaign:
    require(principal, *FEEDBACK_ROLES)
    if new.mode not in {"open", "personal"}:
        raise InvalidInput("mode must be 'open' or 'personal'")
    if new.wave not in {None, "pre", "post"}:
        raise InvalidInput("wave must be 'pre', 'post' or empty")
    now = rt.now()
    with rt.transaction() as s:
        if new.instrument_version is not None:
            inst = s.scalar(
                select(SurveyInstrument).where(
                    SurveyInstrument.key == new.instrument_key,
                    SurveyInstrument.version == new.instrument_version,
                )
            )
            if inst is None:
                raise NotFound(f"no instrument {new.instrument_key} v{new.instrument_version}")
        else:
            inst = latest_instrument(s, new.instrument_key)
        campaign = SurveyCampaign(
            instrument_id=inst.id,
            session_id=new.session_id,
            name=new.name,
            mode=new.mode,
            anonymous=new.anonymous,
            open_token=secrets.token_urlsafe(12) if new.mode == "open" else None,
            region=new.region.upper(),
            period=new.period,
            wave=new.wave,
            closed=False,
            created_at=now,
        )
        s.add(campaign)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="survey.campaign_created",
            subject_type="survey_campaign",
            subject_id=campaign.id,
            data={"instrument": f"{inst.key}@{inst.version}", "mode": new.mode, "wave": new.wave},
        )
    return campaign


def close_campaign(rt: Runtime, principal: Principal, campaign_id: int) -> SurveyCampaign:
    require(principal, *FEEDBACK_ROLES)
    now = rt.now()
    with rt.transaction() as s:
        campaign = _campaign(s, campaign_id)
        campaign.closed = True
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="survey.campaign_closed",
            subject_type="survey_campaign",
            subject_id=campaign.id,
        )
    return campaign


def _campaign(s: Session, campaign_id: int) -> SurveyCampaign:
    campaign = s.get(SurveyCampaign, campaign_id)
    if campaign is None:
        raise NotFound(f"no survey campaign {campaign_id}")
    return campaign


def list_campaigns(rt: Runtime, principal: Principal) -> list[SurveyCampaign]:
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        return list(s.scalars(select(SurveyCampaign).order_by(SurveyCampaign.id)))


def invite(
    rt: Runtime,
    principal: Principal,
    campaign_id: int,
    *,
    creator_handle: str | None = None,
    participant_id: int | None = None,
    segment: str | None = None,
    consent_to_link: bool = False,
) -> SurveyInvitation:
    """Issue a personal link. Answers are linked to the creator only with their consent and
    only in a non-anonymous campaign; otherwise the link carries no identity at all."""
    require(principal, *FEEDBACK_ROLES)
    now = rt.now()
    with rt.transaction() as s:
        campaign = _campaign(s, campaign_id)
        if campaign.mode != "personal":
            raise InvalidInput("this campaign uses an open link; personal links need mode=personal")
        creator_id = None
        if creator_handle:
            if campaign.anonymous:
                raise InvalidInput("an anonymous campaign cannot link answers to a creator")
            if not consent_to_link:
                raise NoParticipantConsent(
                    f"{creator_handle} has not consented to linking answers to their account"
                )
            creator_id = creator_by_handle(s, creator_handle).id
        if participant_id is not None:
            participant = s.get(FocusGroupParticipant, participant_id)
            if participant is None:
                raise NotFound(f"no participant {participant_id}")
            segment = segment or participant.segment
        inv = SurveyInvitation(
            campaign_id=campaign.id,
            token=secrets.token_urlsafe(16),
            participant_id=participant_id,
            creator_id=creator_id,
            segment=segment,
            created_at=now,
        )
        s.add(inv)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="survey.invited",
            subject_type="survey_campaign",
            subject_id=campaign.id,
            data={"invitation": inv.id, "linked": creator_id is not None},
        )
    return inv


def invitations(
    rt: Runtime, principal: Principal, campaign_id: int
) -> list[tuple[SurveyInvitation, str | None, str]]:
    """A campaign's personal links with the participant pseudonym and the response status
    (``not started``, ``partial`` or ``complete``) — for the facilitator, never the answers."""
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        _campaign(s, campaign_id)
        rows = s.execute(
            select(SurveyInvitation, FocusGroupParticipant.pid, SurveyResponse.status)
            .outerjoin(
                FocusGroupParticipant,
                FocusGroupParticipant.id == SurveyInvitation.participant_id,
            )
            .outerjoin(SurveyResponse, SurveyResponse.invitation_id == SurveyInvitation.id)
            .where(SurveyInvitation.campaign_id == campaign_id)
            .order_by(SurveyInvitation.id)
        ).all()
    return [(inv, pid, status or "not started") for inv, pid, status in rows]


# ---- taking a survey ----------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    campaign: SurveyCampaign
    instrument: Instrument
    invitation: SurveyInvitation | None
    response: SurveyResponse | None


def open_link(rt: Runtime, token: str, resume: str | None = None) -> Link:
    """What a link shows: the instrument and any saved answers (by invitation or resume token)."""
    with rt.read() as s:
        campaign, invitation = _resolve(s, token)
        inst_row = s.get(SurveyInstrument, campaign.instrument_id)
        assert inst_row is not None
        response = _existing(s, campaign, invitation, resume)
        return Link(campaign, instrument_of(inst_row), invitation, response)


def _resolve(s: Session, token: str) -> tuple[SurveyCampaign, SurveyInvitation | None]:
    campaign = s.scalar(select(SurveyCampaign).where(SurveyCampaign.open_token == token))
    if campaign is not None:
        return campaign, None
    inv = s.scalar(select(SurveyInvitation).where(SurveyInvitation.token == token))
    if inv is None:
        raise NotFound("this survey link is not valid")
    return _campaign(s, inv.campaign_id), inv


def _existing(
    s: Session, campaign: SurveyCampaign, inv: SurveyInvitation | None, resume: str | None
) -> SurveyResponse | None:
    if inv is not None:
        return s.scalar(select(SurveyResponse).where(SurveyResponse.invitation_id == inv.id))
    if resume:
        return s.scalar(
            select(SurveyResponse).where(
                SurveyResponse.resume_token == resume, SurveyResponse.campaign_id == campaign.id
            )
        )
    return None


@dataclass(frozen=True)
class SaveResult:
    response_id: int
    resume_token: str
    status: str
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def save_response(
    rt: Runtime,
    token: str,
    answers: Mapping[str, Any],
    *,
    language: str = "en",
    submit: bool = False,
    resume: str | None = None,
    respondent: str | None = None,
) -> SaveResult:
    """Merge the valid answers into the response and save it (partial unless submitted and
    complete). Bad answers and missing required items come back in the result; the caller
    reports them. A submitted response can no longer change."""
    now = rt.now()
    with rt.transaction() as s:
        campaign, inv = _resolve(s, token)
        if campaign.closed:
            raise SurveyClosed("this survey is closed")
        inst_row = s.get(SurveyInstrument, campaign.instrument_id)
        assert inst_row is not None
        instrument = instrument_of(inst_row)
        response = _existing(s, campaign, inv, resume)
        if response is not None and response.status == "complete":
            raise SurveyClosed("this response was already submitted")
        before = dict(response.answers) if response else {}
        checked = validate_answers(instrument, {**before, **answers})
        # A bad new value never costs the respondent their earlier good answer.
        restored = {p.where: before[p.where] for p in checked.problems if p.where in before}
        if restored:
            kept = validate_answers(instrument, {**checked.answers, **restored})
            checked = Validated(kept.answers, checked.problems, kept.missing)
        complete = submit and checked.complete
        if response is None:
            response = SurveyResponse(
                campaign_id=campaign.id,
                invitation_id=inv.id if inv else None,
                resume_token=secrets.token_urlsafe(16),
                respondent=_respondent(s, inv, respondent),
                creator_id=inv.creator_id if inv and not campaign.anonymous else None,
                segment=inv.segment if inv else None,
                language=language if language in {"en", "ur"} else "en",
                status="partial",
                answers={},
                scores={},
                started_at=now,
                updated_at=now,
                submitted_at=None,
            )
            s.add(response)
        response.answers = checked.answers
        response.language = language if language in {"en", "ur"} else response.language
        response.updated_at = now
        if isinstance(checked.answers.get("A0"), str):
            response.segment = checked.answers["A0"]
        if complete:
            response.status = "complete"
            response.submitted_at = now
            response.scores = derived_indicators(instrument, checked.answers)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=f"respondent:campaign-{campaign.id}",
            action="survey.response_submitted" if complete else "survey.response_saved",
            subject_type="survey_response",
            subject_id=response.id,
            data={"answered": len(checked.answers), "problems": len(checked.problems)},
        )
        result = SaveResult(
            response.id, response.resume_token, response.status, checked.problems, checked.missing
        )
    return result


def _respondent(s: Session, inv: SurveyInvitation | None, given: str | None) -> str | None:
    """The pseudonym that pairs a participant's pre and post answers (never a name)."""
    if inv is not None and inv.participant_id is not None:
        p = s.get(FocusGroupParticipant, inv.participant_id)
        if p is not None:
            return f"s{p.session_id}:{p.pid}"
    return given


def responses(rt: Runtime, principal: Principal, campaign_id: int) -> list[SurveyResponse]:
    require(principal, *RESULT_READERS)
    with rt.read() as s:
        _campaign(s, campaign_id)
        return list(
            s.scalars(
                select(SurveyResponse)
                .where(SurveyResponse.campaign_id == campaign_id)
                .order_by(SurveyResponse.id)
            )
        )


def campaign_instrument(rt: Runtime, campaign_id: int) -> tuple[SurveyCampaign, Instrument]:
    with rt.read() as s:
        campaign = _campaign(s, campaign_id)
        row = s.get(SurveyInstrument, campaign.instrument_id)
        assert row is not None
        return campaign, instrument_of(row)
