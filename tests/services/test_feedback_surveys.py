"""Surveys on SQLite and PostgreSQL: install, open and personal links, partial saves that are
never lost, consent for linking, closed campaigns, and the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from hifazat.db.feedback_tables import SurveyResponse
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    InvalidInstrument,
    NoParticipantConsent,
    NotFound,
    SurveyClosed,
)
from hifazat.services import audit, surveys
from hifazat.services.runtime import Runtime

ANALYST = Principal(Role.ANALYST, "bilal")


def answers(**over: Any) -> dict[str, Any]:
    a: dict[str, Any] = {
        "A0": "activist",
        "A1": ["tiktok", "youtube"],
        "A2": "10k-100k",
        "A4": ["ur", "en"],
        **{f"B{i}": 1 for i in range(1, 16)},
        "E4": {"drf": "no", "nccia": "no", "peca": "yes", "stopncii": "no"},
        "F1": {
            "comment_keyword_filter": 4,
            "comment_approval_queue": 1,
            "interaction_limits": 2,
            "bulk_moderation": 1,
            "pile_on_mode": 1,
        },
        **{f"G{i}": 3 for i in range(1, 7)},
        **{f"H{i}": 4 if i % 2 else 2 for i in range(1, 11)},
        "I1": "legal",
    }
    a.update(over)
    return a


@pytest.fixture
def open_campaign(rt: Runtime) -> Any:
    surveys.install_builtins(rt, ANALYST)
    return surveys.create_campaign(
        rt, ANALYST, surveys.NewCampaign("pulse", "csm", "pk", "2026-10", wave="pre")
    )


def test_install_is_idempotent_and_new_wording_needs_a_new_version(rt: Runtime) -> None:
    first = surveys.install_builtins(rt, ANALYST)[0]
    again = surveys.install_builtins(rt, ANALYST)[0]
    assert first.id == again.id
    raw = surveys.builtin_instrument_files()[0]
    raw["title"] = {"en": "Changed", "ur": "بدلا ہوا"}
    with pytest.raises(Conflict, match="new version"):
        surveys.install_instrument(rt, ANALYST, raw)
    raw["version"] = 2
    assert surveys.install_instrument(rt, ANALYST, raw).version == 2
    assert [i.version for i in surveys.list_instruments(rt, ANALYST)] == [1, 2]


def test_a_broken_instrument_lists_its_problems(rt: Runtime) -> None:
    raw = surveys.builtin_instrument_files()[0]
    raw["sections"][0]["items"][0]["type"] = "slider"
    with pytest.raises(InvalidInstrument, match=r"A\.A0"):
        surveys.install_instrument(rt, ANALYST, raw)


def test_only_research_staff_run_surveys(rt: Runtime) -> None:
    with pytest.raises(Forbidden):
        surveys.install_builtins(rt, Principal(Role.MODERATOR, "sana"))


def test_open_link_partial_then_resume_then_submit(rt: Runtime, open_campaign: Any) -> None:
    token = open_campaign.open_token
    first = surveys.save_response(rt, token, {"A0": "cook", "G1": 9}, language="ur")
    assert first.status == "partial"
    assert [p.where for p in first.problems] == ["G1"]
    link = surveys.open_link(rt, token, first.resume_token)
    assert link.response is not None
    assert link.response.answers == {"A0": "cook"}
    done = surveys.save_response(rt, token, answers(), submit=True, resume=first.resume_token)
    assert done.status == "complete"
    assert done.response_id == first.response_id
    with pytest.raises(SurveyClosed):
        surveys.save_response(rt, token, {"A0": "cook"}, resume=first.resume_token)
    other = surveys.save_response(rt, token, {"A0": "artist"})
    assert other.response_id != first.response_id


def test_submit_with_missing_items_stays_partial(rt: Runtime, open_campaign: Any) -> None:
    r = surveys.save_response(rt, open_campaign.open_token, {"A0": "cook"}, submit=True)
    assert r.status == "partial"
    assert "B1" in r.missing
    with rt.read() as s:
        row = s.scalar(select(SurveyResponse).where(SurveyResponse.id == r.response_id))
        assert row is not None
        assert row.answers == {"A0": "cook"}


def test_scores_are_stored_on_submission(rt: Runtime, open_campaign: Any) -> None:
    r = surveys.save_response(rt, open_campaign.open_token, answers(), submit=True)
    rows = surveys.responses(rt, ANALYST, open_campaign.id)
    assert rows[0].id == r.response_id
    assert rows[0].scores["sus"] == 75.0
    assert rows[0].scores["any_harassment"] is False
    assert rows[0].segment == "activist"


def test_personal_links_and_consent(rt: Runtime, creator: str) -> None:
    surveys.install_builtins(rt, ANALYST)
    anon = surveys.create_campaign(
        rt, ANALYST, surveys.NewCampaign("p", "csm", "PK", "2026-10", mode="personal")
    )
    with pytest.raises(InvalidInput, match="anonymous"):
        surveys.invite(rt, ANALYST, anon.id, creator_handle=creator, consent_to_link=True)
    linked = surveys.create_campaign(
        rt,
        ANALYST,
        surveys.NewCampaign("p", "csm", "PK", "2026-10", mode="personal", anonymous=False),
    )
    with pytest.raises(NoParticipantConsent):
        surveys.invite(rt, ANALYST, linked.id, creator_handle=creator)
    inv = surveys.invite(rt, ANALYST, linked.id, creator_handle=creator, consent_to_link=True)
    assert inv.creator_id is not None
    r = surveys.save_response(rt, inv.token, {"A0": "lifestyle"})
    again = surveys.save_response(rt, inv.token, {"A1": ["tiktok"]})
    assert again.response_id == r.response_id
    row = surveys.responses(rt, ANALYST, linked.id)[0]
    assert row.creator_id == inv.creator_id
    assert row.answers == {"A0": "lifestyle", "A1": ["tiktok"]}
    anon_inv = surveys.invite(rt, ANALYST, anon.id)
    surveys.save_response(rt, anon_inv.token, {"A0": "cook"})
    assert surveys.responses(rt, ANALYST, anon.id)[0].creator_id is None


def test_closed_campaign_and_unknown_link(rt: Runtime, open_campaign: Any) -> None:
    surveys.close_campaign(rt, ANALYST, open_campaign.id)
    with pytest.raises(SurveyClosed):
        surveys.save_response(rt, open_campaign.open_token, {"A0": "cook"})
    with pytest.raises(NotFound):
        surveys.open_link(rt, "no-such-token")


def test_every_change_is_audited(rt: Runtime, open_campaign: Any) -> None:
    surveys.save_response(rt, open_campaign.open_token, answers(), submit=True)
    with rt.read() as s:
        report = audit.verify(s)
        actions = [e.action for e in s.scalars(select(audit.AuditEvent))]
    assert report.ok
    assert "survey.instrument_installed" in actions
    assert "survey.campaign_created" in actions
    assert "survey.response_submitted" in actions


def test_system_principal_can_run_everything(rt: Runtime) -> None:
    assert surveys.install_builtins(rt, SYSTEM)
