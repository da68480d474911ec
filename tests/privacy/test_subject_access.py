"""Subject access: everything held about one candidate, as JSON and a readable PDF, for the
candidate's own support provider only, each download audited."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pypdf
from sqlalchemy import func, select

from pathway.audit.models import AuditEvent
from pathway.auth.models import Role
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.placements.news import EVENT_KINDS
from pathway.privacy.subject_access import readable_sections, subject_access_record
from tests.factories import TODAY
from tests.privacy.conftest import BORN, NAME, WRITTEN

NOW = datetime(2026, 11, 23, 9, 30)


def _download(client, candidate, kind: str):
    return client.post(f"/privacy/candidates/{candidate.id}/export.{kind}")


def _exports(candidate_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.candidate_id == candidate_id)
    return [e for e in db.session.scalars(query.order_by(AuditEvent.id)) if e.action != "view"]


# --- what is collected -----------------------------------------------------------------------


def test_the_record_holds_every_thing_written_about_the_candidate(held):
    record = subject_access_record(held.candidate, NOW)
    text = json.dumps(record, ensure_ascii=False)

    for where, written in WRITTEN.items():
        assert written in text, where
    assert record["reference"] == held.candidate.reference
    assert record["generated_at"] == "2026-11-23T09:30:00Z"
    assert record["candidate"]["first_name"] == NAME
    assert record["candidate"]["date_of_birth"] == BORN.isoformat()
    assert record["candidate"]["english_level"] == "entry_3"
    assert [c["witness"] for c in record["consents"]][-1] == WRITTEN["witness"]
    assert record["areas_to_avoid"][0]["name"] == WRITTEN["avoid area"]
    assert record["review_scores"][0]["note"] == WRITTEN["review note"]
    assert {n["decline_note"] for n in record["nominations"]} == {WRITTEN["decline note"], ""}
    assert record["stage_events"][-1]["kind"] == "withdrawn"
    assert record["stage_events"][-1]["note"] == WRITTEN["stage event note"]
    assert len(record["placement_stages"]) == 4
    assert record["follow_ups"][0]["months"] == 3
    assert record["interview_breaches"][0]["deadline"] == "2026-01-01"
    # two notices, each to two people, and what people were told of its events
    assert len(record["notifications"]) == 4 + told_about(held.candidate)
    assert record["audit_events"][0]["action"] == "view"


def told_about(candidate) -> int:
    """Notices of the candidate's nomination and placement events (placements/news.py)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.candidate_id == candidate.id, Notification.kind.in_(EVENT_KINDS))
    )


def test_audit_events_are_given_as_metadata_only(held):
    (event,) = subject_access_record(held.candidate, NOW)["audit_events"]
    assert set(event) == {
        "id",
        "occurred_at",
        "user_id",
        "role",
        "organisation_id",
        "action",
        "endpoint",
        "record_type",
        "record_id",
        "candidate_id",
        "status",
    }


def test_names_say_who_and_what_the_numbers_refer_to(held, world):
    record = subject_access_record(held.candidate, NOW)
    names = record["names"]
    coach = names["people"][str(world.coach.id)]
    assert world.coach.name in coach and "Coach" in coach and world.provider.name in coach
    assert names["organisations"][str(world.provider.id)] == world.provider.name
    assert world.programme.name in names["programmes"][str(world.programme.id)]
    assert world.site.name in names["sites"][str(world.site.id)]


def test_the_record_of_another_candidate_holds_nothing_of_this_one(held, world, make):
    other = make.candidate(world.coach, first_name="Ottoline", availability="Evenings")
    text = json.dumps(subject_access_record(other, NOW))
    for written in WRITTEN.values():
        assert written not in text


def test_the_readable_form_is_made_from_the_same_record(held):
    record = subject_access_record(held.candidate, NOW)
    sections = readable_sections(record)
    first = sections[0]
    assert first.title == "The record"
    values = dict(zip(first.labels, first.rows[0], strict=True))
    assert values["First name"] == NAME
    assert values["English level"].startswith("Entry 3")  # the enum's label, not its value
    assert values["Coach"].startswith(held.candidate.coach.name)
    text = repr(sections)
    for written in WRITTEN.values():
        assert written in text


# --- the downloads -----------------------------------------------------------------------


def test_a_coach_downloads_the_json_named_by_reference_and_never_cached(held, world, login):
    response = _download(login(world.coach), held.candidate, "json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    reference = held.candidate.reference
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{reference}-subject-access.json"'
    )
    assert NAME not in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    expected = subject_access_record(held.candidate, NOW)
    del body["generated_at"], expected["generated_at"]
    # The download itself is audited once it is built, so it is the one event the body lacks.
    assert expected["audit_events"].pop()["action"] == "export"
    assert body == expected


def test_the_pdf_opens_and_holds_the_same_record(held, world, login):
    response = _download(login(world.coach), held.candidate, "pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{held.candidate.reference}-subject-access.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    reader = pypdf.PdfReader(io.BytesIO(response.get_data()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert held.candidate.reference in text
    for written in WRITTEN.values():
        assert written in text


def test_each_download_is_audited_once_as_an_export_with_no_personal_values(held, world, login):
    client = login(world.admin)
    _download(client, held.candidate, "json")
    _download(client, held.candidate, "pdf")

    events = _exports(held.candidate.id)
    assert [(e.action, e.record_type, e.record_id) for e in events] == [
        ("export", "candidate", str(held.candidate.id)),
        ("export", "candidate", str(held.candidate.id)),
    ]
    assert {e.user_id for e in events} == {world.admin.id}
    for event in events:
        stored = " ".join(str(getattr(event, c.key)) for c in AuditEvent.__table__.columns)
        for written in WRITTEN.values():
            assert written not in stored


def test_an_administrator_of_the_provider_may_download(held, world, login):
    assert _download(login(world.admin), held.candidate, "json").status_code == 200


def test_another_provider_and_employer_roles_may_not(held, world, login, make):
    other_admin = make.user(Role.ADMIN, world.other_coach.organisation)
    for user in (world.other_coach, other_admin):
        assert _download(login(user), held.candidate, "json").status_code == 404
    for user in (world.lead, world.manager, world.cr):
        assert _download(login(user), held.candidate, "pdf").status_code == 403
    assert {event.action for event in _exports(held.candidate.id)} == {"denied"}


def test_downloads_are_form_posts_only(held, world, login):
    response = login(world.coach).get(f"/privacy/candidates/{held.candidate.id}/export.json")
    assert response.status_code == 405


# --- where the actions are ------------------------------------------------------------------


def test_the_candidate_page_offers_the_export_and_erasure(held, world, login):
    page = login(world.coach).get(f"/candidates/{held.candidate.id}").get_data(as_text=True)
    assert f'action="/privacy/candidates/{held.candidate.id}/export.pdf"' in page
    assert f'action="/privacy/candidates/{held.candidate.id}/export.json"' in page
    assert f'href="/privacy/candidates/{held.candidate.id}/erase"' in page


def test_an_administrator_finds_a_candidate_by_reference(held, world, login):
    client = login(world.admin)
    assert 'href="/privacy/"' in client.get("/admin/").get_data(as_text=True)  # in the header
    found = client.post("/privacy/", data={"reference": held.candidate.reference.lower()})
    assert found.status_code == 302
    assert found.location.endswith(f"/privacy/candidates/{held.candidate.id}")

    page = client.get(found.location).get_data(as_text=True)
    assert held.candidate.reference in page
    assert NAME not in page  # the page shows what is held, not the details
    assert f'action="/privacy/candidates/{held.candidate.id}/export.json"' in page


def test_a_reference_of_another_provider_is_not_found(held, world, login, make):
    other_admin = make.user(Role.ADMIN, world.other_coach.organisation)
    response = login(other_admin).post("/privacy/", data={"reference": held.candidate.reference})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "No candidate of your organisation has this reference." in page
    assert f'value="{held.candidate.reference}"' in page  # what was typed is kept


def test_the_finder_refuses_what_cannot_be_a_reference(world, login):
    client = login(world.admin)
    for typed in ("AB 1; DROP TABLE candidate", "<b>AB-2026-0001</b>", "A" * 21):
        response = client.post("/privacy/", data={"reference": typed})
        assert response.status_code == 422, typed


def test_an_export_says_when_the_record_was_made(held):
    record = subject_access_record(held.candidate, NOW)
    assert record["candidate"]["created_at"].endswith("Z")
    assert record["consents"][0]["given_on"] <= TODAY.isoformat()
