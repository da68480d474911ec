"""The erasure page (type the reference to confirm) and what everyone sees afterwards."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from pathway.audit.models import AuditEvent
from pathway.candidates.jobs import overdue_weekly_reviews, readiness_going_stale
from pathway.candidates.models import Candidate
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.placements.follow_ups import hired_placements_with_start
from pathway.placements.jobs import retention_follow_ups
from pathway.privacy.erasure import erase_candidate
from pathway.privacy.vocabulary import ErasureReason
from tests.factories import TODAY
from tests.privacy.conftest import NAME, WRITTEN
from tests.reports.builders import Scheme


def _erase(client, candidate, **data):
    form = {"reason": "requested", "confirm_reference": candidate.reference, **data}
    return client.post(f"/privacy/candidates/{candidate.id}/erase", data=form)


def test_the_page_says_what_goes_and_what_stays(held, world, login):
    page = login(world.coach).get(f"/privacy/candidates/{held.candidate.id}/erase")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "cannot be undone" in text
    assert "Removed: Coach, First name, Date of birth" in text
    assert "Readiness assessments</td>" in text and "Deleted entirely." in text
    assert "figures and published reports" in text
    assert f"Type {held.candidate.reference} to confirm." in text


def test_the_reference_must_be_typed_to_confirm(held, world, login):
    response = _erase(login(world.coach), held.candidate, confirm_reference="AB-WRONG")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert f"Type {held.candidate.reference} exactly to confirm." in text
    assert 'value="AB-WRONG"' in text  # what was typed is kept
    assert db.session.get(Candidate, held.candidate.id).erased_at is None


def test_a_reason_must_be_chosen_and_retention_is_not_one(held, world, login):
    for reason in ("", "retention", "nonsense"):
        assert _erase(login(world.coach), held.candidate, reason=reason).status_code == 422
    assert db.session.get(Candidate, held.candidate.id).erased_at is None


def test_a_coach_erases_and_the_page_then_says_only_that(held, world, login):
    client = login(world.coach)
    response = _erase(client, held.candidate)
    assert response.status_code == 302
    assert response.location.endswith(f"/candidates/{held.candidate.id}")

    page = client.get(response.location).get_data(as_text=True)
    assert "Personal data erased on" in page
    assert "the person asked for their data to be erased" in page
    assert NAME not in page
    assert "/privacy/candidates" not in page and "/edit" not in page  # no actions
    for url in ("/edit", "/assess", "/consent", "/areas", "/reviews", "/matches", "/audit"):
        assert client.get(f"/candidates/{held.candidate.id}{url}").status_code == 404, url
    assert held.candidate.reference not in client.get("/candidates/").get_data(as_text=True)


def test_an_administrator_erases_from_the_data_protection_page(held, world, login):
    client = login(world.admin)
    response = _erase(client, held.candidate, reason="no_longer_needed")
    assert response.location.endswith(f"/privacy/candidates/{held.candidate.id}")
    page = client.get(response.location).get_data(as_text=True)
    assert "Personal data erased on" in page and "support has ended" in page
    assert "export.json" not in page and "/erase" not in page

    refused = client.post(f"/privacy/candidates/{held.candidate.id}/export.json")
    assert refused.status_code == 422
    assert "nothing personal is held" in refused.get_data(as_text=True)
    assert _erase(client, held.candidate).status_code == 422


def test_the_erasure_is_audited_as_a_change_and_an_erasure(held, world, login):
    _erase(login(world.coach), held.candidate)
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.candidate_id == held.candidate.id, AuditEvent.action != "view"
        )
    ).all()
    assert [(e.action, e.record_type, e.user_id) for e in events] == [
        ("erase", "candidate", world.coach.id),
        ("change", "candidate", world.coach.id),
    ]


def test_an_open_placement_is_explained_and_nothing_erased(world, make, login):
    candidate = make.candidate(world.coach)
    make.placement(candidate, world.programme, world.lead)
    client = login(world.coach)
    page = client.get(f"/privacy/candidates/{candidate.id}/erase").get_data(as_text=True)
    assert "A placement is under way" in page and 'name="confirm_reference"' not in page
    response = _erase(client, candidate)
    assert response.status_code == 422
    assert db.session.get(Candidate, candidate.id).erased_at is None


def test_employers_see_only_that_the_data_was_erased(held, world, login):
    erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED)
    db.session.commit()
    for user in (world.lead, world.manager):
        page = login(user).get(f"/placements/{held.placement.id}").get_data(as_text=True)
        assert "Personal data erased" in page
        for written in WRITTEN.values():
            assert written not in page


def test_no_job_tells_anyone_about_an_erased_candidate(world, make):
    candidate = make.candidate(world.coach, english_assessed_on=TODAY - timedelta(days=400))
    started = datetime.combine(TODAY - timedelta(days=200), time(12))
    hired = Scheme(make, world.coach, world.employer).hired(when=started)
    assert hired_placements_with_start() != []  # a follow-up would be due
    for person in (candidate, hired.candidate):
        erase_candidate(person, world.coach, ErasureReason.REQUESTED)
    db.session.commit()

    now = utcnow()
    assert readiness_going_stale(now) == {"notices": 0}
    assert overdue_weekly_reviews(now) == {"notices": 0}
    assert hired_placements_with_start() == []
    assert retention_follow_ups(now) == {"checks": 0, "notices": 0}
    assert db.session.scalars(select(Notification)).all() == []
