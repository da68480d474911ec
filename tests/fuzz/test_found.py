"""What the fuzz tests found, kept as plain tests: each fails at once if its bug comes back."""

from __future__ import annotations

from sqlalchemy import func, select

from pathway.auth.models import Role
from pathway.candidates.models import ReviewArea, WeeklyReview
from pathway.extensions import db
from tests.fuzz.conftest import client_as
from tests.fuzz.forms import read_forms


def _as(app, fuzz_world, role, page: str):
    """A client of ``role`` and the CSRF token of ``page``."""
    client = client_as(app, fuzz_world, role)
    _, token = read_forms(client.get(page).get_data(as_text=True), page)
    return client, token


def test_a_record_id_too_large_for_the_database_is_not_found(app, fuzz_world):
    coach = client_as(app, fuzz_world, Role.COACH)
    for too_large in (2**31, 2**63, 10**23):
        assert coach.get(f"/candidates/{too_large}").status_code == 404


def test_a_typed_record_id_too_large_for_the_database_is_not_found(app, fuzz_world):
    candidate_id = fuzz_world.records["free_candidate_id"]
    coach, token = _as(app, fuzz_world, Role.COACH, f"/candidates/{candidate_id}")
    nominated = coach.post(
        f"/candidates/{candidate_id}/nominate",
        data={"programme_id": str(2**63), "csrf_token": token},
    )
    marked = coach.post(
        "/notifications/read", data={"notification_id": str(10**23), "csrf_token": token}
    )
    assert (nominated.status_code, marked.status_code) == (404, 404)


def test_a_nul_character_is_refused_and_nothing_is_saved(app, fuzz_world):
    coach, token = _as(app, fuzz_world, Role.COACH, "/candidates/review-areas")
    before = db.session.scalars(select(ReviewArea.name).order_by(ReviewArea.id)).all()
    response = coach.post(
        "/candidates/review-areas",
        data={"area_0": "Finance", "area_1": "Hou\x00sing", "csrf_token": token},
    )
    assert response.status_code == 400
    assert db.session.scalars(select(ReviewArea.name).order_by(ReviewArea.id)).all() == before


def test_a_date_nobody_means_is_refused_beside_its_field(app, fuzz_world):
    candidate_id = fuzz_world.records["candidate_id"]
    page = f"/candidates/{candidate_id}/reviews/new"
    coach, token = _as(app, fuzz_world, Role.COACH, page)
    reviews = db.session.scalar(select(func.count()).select_from(WeeklyReview))
    scores = {f"score_{i}": "3" for i in range(8)}
    response = coach.post(page, data={"reviewed_on": "0001-01-01", **scores, "csrf_token": token})
    assert response.status_code == 422
    assert "Enter a date from 1900 to 2100." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(WeeklyReview)) == reviews
