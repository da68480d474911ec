"""The audit trail: what is recorded, that it holds no personal values, and that it cannot
be changed without the chain showing it."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from pathway.audit.models import AuditEvent, AuditEventImmutable
from pathway.audit.services import record_audit, verify_chain
from pathway.extensions import db


def events(**where) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(db.session.scalars(query))


def test_viewing_a_candidate_is_recorded_with_who_when_and_where(world, make, login):
    candidate = make.candidate(world.coach, first_name="Zeynep", notes="Sensitive note")
    assert login(world.coach).get(f"/candidates/{candidate.id}").status_code == 200

    (view,) = events(action="view")
    assert (view.user_id, view.role, view.organisation_id) == (
        world.coach.id,
        "coach",
        world.provider.id,
    )
    assert (view.record_type, view.record_id, view.candidate_id) == (
        "candidate",
        str(candidate.id),
        candidate.id,
    )
    assert view.endpoint == "candidates.candidate"
    assert view.ip_address == "127.0.0.1"
    assert view.occurred_at is not None


def test_no_personal_value_reaches_the_trail(world, make, login):
    candidate = make.candidate(world.coach, first_name="Zeynep")
    client = login(world.coach)
    client.get(f"/candidates/{candidate.id}")
    client.post(f"/candidates/{candidate.id}/areas", data={"town": "Halifax", "region": ""})
    login(world.lead).get(f"/candidates/{candidate.id}")
    dump = " ".join(
        str(value) for row in db.session.execute(text("SELECT * FROM audit_event")) for value in row
    )
    for personal in ("Zeynep", "Halifax", world.coach.email, world.coach.name):
        assert personal not in dump


def test_a_change_is_recorded_against_its_record(world, make, login):
    candidate = make.candidate(world.coach)
    response = login(world.coach).post(
        f"/candidates/{candidate.id}/areas", data={"town": "Halifax", "region": ""}
    )
    assert response.status_code == 302
    (change,) = events(action="change")
    assert (change.endpoint, change.record_type, change.candidate_id) == (
        "candidates.avoid_areas",
        "candidate",
        candidate.id,
    )


def test_an_invalid_form_is_not_recorded_as_a_change(world, make, login):
    candidate = make.candidate(world.coach)
    response = login(world.coach).post(
        f"/candidates/{candidate.id}/areas", data={"town": "", "region": ""}
    )
    assert response.status_code == 422
    assert events(action="change") == []


def test_a_new_record_is_named_from_where_the_view_sends_the_user(world, make, login):
    candidate = make.candidate(world.coach)
    placement = make.placement(candidate, world.programme, world.lead)
    login(world.lead).get(f"/placements/{placement.id}")
    (view,) = events(action="view")
    assert (view.record_type, view.record_id, view.candidate_id) == (
        "placement",
        str(placement.id),
        candidate.id,
    )


def test_refused_access_is_recorded(world, make, login):
    candidate = make.candidate(world.coach)
    assert login(world.other_coach).get(f"/candidates/{candidate.id}").status_code == 404
    assert login(world.cr).get("/candidates/").status_code == 403
    refused = events(action="denied")
    assert [(e.user_id, e.status) for e in refused] == [
        (world.other_coach.id, 404),
        (world.cr.id, 403),
    ]
    assert refused[0].candidate_id == candidate.id


def test_downloads_are_recorded_as_exports(world, login):
    response = login(world.cr).get("/figures/figures.csv")
    assert response.status_code == 200
    (export,) = events(action="export")
    assert export.user_id == world.cr.id and export.endpoint == "reports.figures_csv"


def test_sign_in_success_failure_and_sign_out(world, client, login):
    client.post("/login", data={"email": world.coach.email, "password": "wrong"})
    client.post("/login", data={"email": "nobody@example.test", "password": "wrong"})
    signed_in = login(world.coach)
    signed_in.post("/logout")

    failed = events(action="login_failed")
    assert [(e.record_type, e.record_id, e.user_id) for e in failed] == [
        ("user", str(world.coach.id), None),
        (None, None, None),
    ]
    assert [e.user_id for e in events(action="login")] == [world.coach.id]
    assert [e.user_id for e in events(action="logout")] == [world.coach.id]


def test_the_orm_refuses_to_change_or_delete_an_event(app):
    record_audit("login", "user", 1)
    (event,) = events()
    event.action = "logout"
    with pytest.raises(AuditEventImmutable):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditEventImmutable):
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_to_change_or_delete_an_event(app):
    record_audit("login", "user", 1)
    for statement in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="cannot be changed or deleted"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert len(events()) == 1


def _tamper(statement: str) -> None:
    """What an attacker with database access could do: drop the guard, then edit."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
        db.session.execute(text(statement))
        db.session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
    else:
        db.session.execute(text("DROP TRIGGER audit_event_no_update"))
        db.session.execute(text("DROP TRIGGER audit_event_no_delete"))
        db.session.execute(text(statement))
    db.session.commit()


def test_verify_reports_an_intact_chain_and_the_first_broken_link(app):
    for number in range(1, 5):
        record_audit("login", "user", number)
    runner = app.test_cli_runner()
    intact = runner.invoke(args=["audit", "verify"])
    assert intact.exit_code == 0 and "intact: 4 events" in intact.output

    second, third = events()[1:3]
    _tamper(f"UPDATE audit_event SET record_id = '99' WHERE id = {third.id}")
    assert verify_chain().broken_at == third.id
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert f"broken at event {third.id}: its content does not match" in broken.output


def test_verify_notices_a_deleted_event(app):
    for number in range(1, 4):
        record_audit("login", "user", number)
    first, second, third = events()
    _tamper(f"DELETE FROM audit_event WHERE id = {second.id}")
    check = verify_chain()
    assert (check.broken_at, check.checked) == (third.id, 1)
    assert "does not follow" in check.reason


def rows(response) -> str:
    """The events table only (the search form lists every user and action)."""
    return response.get_data(as_text=True).split("<tbody>")[1]


def test_administrators_search_by_user_record_and_date(world, make, login):
    candidate = make.candidate(world.coach)
    login(world.coach).get(f"/candidates/{candidate.id}")
    login(world.other_coach).get(f"/candidates/{candidate.id}")
    admin = login(world.admin)

    page = rows(admin.get(f"/admin/audit?user={world.other_coach.id}"))
    assert world.other_coach.name in page and "Was refused" in page
    assert "Looked at" not in page

    by_record = rows(
        admin.get(f"/admin/audit?record_type=candidate&record_id={candidate.id}&action=view")
    )
    assert world.coach.name in by_record and world.other_coach.name not in by_record

    assert "Nothing recorded" in rows(admin.get("/admin/audit?to_day=2000-01-01"))
    wrong = admin.get("/admin/audit?from_day=2026-02-01&to_day=2026-01-01")
    assert wrong.status_code == 422


def test_a_coach_sees_who_looked_at_their_client(world, make, login):
    candidate = make.candidate(world.coach)
    placement = make.placement(candidate, world.programme, world.lead)
    login(world.manager).get(f"/placements/{placement.id}")
    page = login(world.coach).get(f"/candidates/{candidate.id}/audit").get_data(as_text=True)
    assert world.manager.name in page and "Looked at" in page
    assert world.employer.name in page
    # another provider's coach may not see this client's trail
    assert login(world.other_coach).get(f"/candidates/{candidate.id}/audit").status_code == 404
