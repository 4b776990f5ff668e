"""Plans, evidence packs, escalations and digests on real SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any as FixedClock

import pytest
from sqlalchemy import select

from hifazat.db.cases_tables import Case
from hifazat.db.support_tables import EvidenceCustody
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.domain.support.evidence import verify_bundle
from hifazat.errors import (
    ConsentWithdrawn,
    EscalationConsentMissing,
    Forbidden,
    InvalidEscalationStatus,
    InvalidInput,
    NotFound,
    UnknownPartner,
)
from hifazat.services import (
    audit,
    creators,
    digest,
    escalations,
    evidence,
    reports,
    safety_plans,
)
from hifazat.services.runtime import Runtime
from support_seed import (
    creator_principal,
    partner_principal,
    seed_abuse,
    seed_creator,
    seed_partner,
)


@pytest.fixture
def seeded(rt: Runtime, clock: FixedClock) -> tuple[str, list[int]]:
    handle = seed_creator(rt)
    ids = seed_abuse(rt, handle, clock)
    seed_partner(rt)
    return handle, ids


def test_plan_ranks_recommendations_with_reasons_and_applies_controls(
    rt: Runtime, seeded: tuple[str, list[int]]
) -> None:
    handle, _ = seeded
    me = creator_principal(handle)
    plan = safety_plans.create_plan(
        rt, me, handle, safety_plans.Declared(concerns=frozenset({"doxxed"}))
    )
    ids = [r["id"] for r in plan.recommendations]
    assert plan.risk_level in {"high", "critical"}
    assert ids[0] == "urgent_help"  # threats come first
    assert {"safety_mode", "filter_strict", "lock_down_personal_data", "two_factor"} <= set(ids)
    assert plan.profile["pileons_30d"] == 1
    assert plan.profile["abuse_30d"]["threat"] >= 1
    assert all(r["reason"] for r in plan.recommendations)
    assert (plan.checkup_at - plan.created_at).days in {7, 14}

    plan = safety_plans.apply_recommendation(rt, me, handle, plan.id, "filter_strict")
    plan = safety_plans.apply_recommendation(rt, me, handle, plan.id, "safety_mode")
    pack = next(r for r in plan.recommendations if r["id"].startswith("pack_"))
    plan = safety_plans.apply_recommendation(rt, me, handle, plan.id, pack["id"])
    plan = safety_plans.set_status(rt, me, handle, plan.id, "two_factor", "done")
    assert plan.adoption["applied"] == 3
    assert plan.adoption["done"] == 1
    with rt.read() as s:
        from hifazat.db.tables import CreatorControls

        c = s.get(CreatorControls, creators.get_creator(rt, SYSTEM, handle).id)
        assert c is not None
        assert c.settings["filter_levels"]["harassment"] == "strict"
        assert c.settings["safety_mode_auto"] is True
    assert "kutta" in creators.get_keywords(rt, me, handle)

    again = safety_plans.create_plan(rt, me, handle, safety_plans.Declared(has_2fa=True))
    again_ids = {r["id"] for r in again.recommendations}
    assert not again_ids & {"filter_strict", "safety_mode", pack["id"], "two_factor"}
    with pytest.raises(InvalidInput):
        safety_plans.apply_recommendation(rt, me, handle, again.id, "save_evidence")
    with pytest.raises(InvalidInput):
        safety_plans.create_plan(rt, me, handle, safety_plans.Declared(concerns=frozenset({"x"})))
    with pytest.raises(Forbidden):
        safety_plans.create_plan(rt, creator_principal("other"), handle, safety_plans.Declared())


def test_plan_counts_reports_about_the_creator(rt: Runtime, seeded: tuple[str, list[int]]) -> None:
    handle, ids = seeded
    me = creator_principal(handle)
    reports.file_report(rt, me, reports.NewReport("comment", str(ids[0]), "harassment"))
    reports.file_report(rt, me, reports.NewReport("comment", str(ids[1]), "threat"))
    plan = safety_plans.create_plan(rt, me, handle, safety_plans.Declared())
    assert plan.profile["reports_made"] == 2
    assert plan.profile["reports_actioned"] == 0
    declared = safety_plans.Declared(reports_made=5, reports_actioned=5)
    assert safety_plans.create_plan(rt, me, handle, declared).profile["reports_made"] == 5


def test_evidence_pack_hashes_custody_and_pileon(
    rt: Runtime, seeded: tuple[str, list[int]]
) -> None:
    handle, ids = seeded
    me = creator_principal(handle)
    pack = evidence.create_pack(rt, me, handle, ids[:2], "Threats", pileon=1)
    assert pack.item_count == 8
    assert verify_bundle(pack.bundle) == []
    item = pack.bundle["items"][0]
    assert {"text", "author", "received_at", "decision", "detector", "sha256"} <= set(item)
    assert item["author"]["id"] == "troll0"
    assert item["content"]["id"] == "v-1"
    assert pack.bundle["pack"]["pileon"]["authors"] == 6
    tampered = {**pack.bundle, "items": [{**item, "text": "edited"}, *pack.bundle["items"][1:]]}
    assert verify_bundle(tampered)

    opened = evidence.open_pack(rt, me, pack.id, "exported_document")
    assert [c["action"] for c in opened.custody] == ["created", "exported_document"]
    assert opened.custody_intact
    with rt.transaction() as s:
        row = s.query(EvidenceCustody).filter_by(pack_id=pack.id, seq=1).one()
        row.actor = "someone-else"
    assert not evidence.open_pack(rt, me, pack.id).custody_intact

    with pytest.raises(InvalidInput):
        evidence.create_pack(rt, me, handle, [])
    with pytest.raises(InvalidInput):
        evidence.create_pack(rt, me, handle, [999_999])
    with pytest.raises(InvalidInput):
        evidence.create_pack(rt, me, handle, [], pileon=5)
    with pytest.raises(NotFound):
        evidence.open_pack(rt, partner_principal("drf"), pack.id)


def test_escalation_consent_partner_scope_status_and_withdrawal(
    rt: Runtime, clock: FixedClock, seeded: tuple[str, list[int]]
) -> None:
    handle, ids = seeded
    me = creator_principal(handle)
    seed_partner(rt, "other-ngo")
    drf, other = partner_principal("drf"), partner_principal("other-ngo")
    pack = evidence.create_pack(rt, me, handle, ids[:3])

    with pytest.raises(EscalationConsentMissing):
        escalations.share(rt, me, handle, "drf", pack.id, consent=False)
    with pytest.raises(UnknownPartner):
        escalations.share(rt, me, handle, "nobody", pack.id, consent=True)
    with pytest.raises(Forbidden):
        escalations.share(rt, SYSTEM, handle, "drf", pack.id, consent=True)

    with pytest.raises(NotFound):
        escalations.share(rt, me, handle, "drf", pack.id, consent=True, case_id=999_999)
    with rt.read() as s:
        case_id = s.scalar(select(Case.id).where(Case.creator_id.is_not(None)).limit(1))
    assert case_id is not None  # held comments open cases
    e = escalations.share(
        rt, me, handle, "drf", pack.id, consent=True, summary="threats", case_id=case_id
    )
    assert e.case_id == case_id
    assert e.status == "shared"
    assert e.sla == "open"
    assert "Digital Rights Foundation" in e.consent_text
    assert [x.id for x in escalations.list_escalations(rt, drf)] == [e.id]
    assert escalations.list_escalations(rt, other) == []
    with pytest.raises(NotFound):
        escalations.get_escalation(rt, other, e.id)
    with pytest.raises(NotFound):
        evidence.open_pack(rt, other, pack.id)
    assert evidence.open_pack(rt, drf, pack.id).item_count == 3

    clock.advance(hours=50)
    assert escalations.get_escalation(rt, me, e.id).sla == "overdue"
    e = escalations.update_status(rt, drf, e.id, "received", "we have it")
    assert e.sla == "missed"
    e = escalations.update_status(rt, drf, e.id, "referred_to_law_enforcement")
    with pytest.raises(InvalidEscalationStatus):
        escalations.update_status(rt, drf, e.id, "received")
    mine = escalations.get_escalation(rt, me, e.id)
    assert [u["status"] for u in mine.updates] == [
        "shared",
        "received",
        "referred_to_law_enforcement",
    ]
    assert mine.updates[1]["note"] == "we have it"

    e = escalations.withdraw_consent(rt, me, e.id, "changed my mind")
    assert e.status == "withdrawn"
    assert escalations.list_escalations(rt, drf) == []
    with pytest.raises(ConsentWithdrawn):
        escalations.get_escalation(rt, drf, e.id)
    with pytest.raises(ConsentWithdrawn):
        escalations.update_status(rt, drf, e.id, "resolved")
    with pytest.raises(NotFound):
        evidence.open_pack(rt, drf, pack.id)
    with pytest.raises(ConsentWithdrawn):
        escalations.withdraw_consent(rt, me, e.id)
    custody = evidence.open_pack(rt, me, pack.id).custody
    assert [c["action"] for c in custody][:4] == ["created", "shared", "viewed", "access_revoked"]

    with rt.read() as s:
        report = audit.verify(s)
        actions = [
            a
            for (a,) in s.execute(
                __import__("sqlalchemy").text("select action from audit_events order by seq")
            )
        ]
    assert report.ok
    assert "escalation.shared" in actions
    assert "escalation.consent_withdrawn" in actions
    assert actions.count("escalation.status") == 2


def test_digest_counts_and_masks(rt: Runtime, seeded: tuple[str, list[int]]) -> None:
    handle, _ = seeded
    d, piles = digest.abuse_digest(rt, creator_principal(handle), handle, days=30)
    assert d.total == 12
    assert sum(d.by_category.values()) == 12
    assert d.by_language["ur-Latn"] >= 8
    assert len(piles) == 1
    phrases = [p for p, _ in d.top_phrases]
    assert phrases
    assert all("kutta" not in p and "ghatiya" not in p for p in phrases)
    assert any(p.startswith(("k•", "g•")) for p in phrases)
    with pytest.raises(Forbidden):
        digest.abuse_digest(rt, creator_principal("x"), handle)
    admin = Principal(role=Role.ADMIN, name="a")
    assert digest.abuse_digest(rt, admin, handle, days=1)[0].total <= 12
