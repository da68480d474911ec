"""Weekly reviews: recorded whole or not at all, areas per organisation, notes kept inside
the candidate's own support provider."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pathway.auth.models import Role
from pathway.candidates.models import ReviewScore, WeeklyReview
from pathway.candidates.reviews.services import (
    DEFAULT_AREAS,
    AreaScore,
    need_summaries,
    record_review,
    review_areas,
    set_review_areas,
)
from pathway.clock import today_london
from pathway.extensions import db
from pathway.refusals import ActionRefused

TODAY = today_london()
NOTE = "Opened a bank account"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def review(candidate, coach, days_ago: int, *scores: int, note: str = ""):
    areas = DEFAULT_AREAS[: len(scores)]
    found = record_review(
        candidate,
        coach,
        TODAY - timedelta(days=days_ago),
        [AreaScore(area, score, note) for area, score in zip(areas, scores, strict=True)],
        True,
        True,
        TODAY,
    )
    db.session.commit()
    return found


def form(scores=(4, 3, 3, 2), **changes) -> dict:
    data = {"reviewed_on": TODAY.isoformat(), "signed_by_client": "y", "signed_by_coach": "y"}
    for i, score in enumerate(scores):
        data[f"score_{i}"] = str(score)
        data[f"note_{i}"] = NOTE if i == 3 else ""
    data.update(changes)
    return data


@pytest.fixture
def candidate(world, make):
    return make.candidate(world.coach)


def test_a_review_keeps_each_areas_score_and_note(world, candidate):
    found = review(candidate, world.coach, 0, 4, 3, 2, 1, note="Fine")
    expected = list(zip(DEFAULT_AREAS, (4, 3, 2, 1), strict=True))
    assert [(s.area, s.score) for s in found.scores] == expected
    assert found.average == 2.5


@pytest.mark.parametrize(
    "days_ago, scores, message",
    [
        (-1, (3, 3), "cannot be dated in the future"),
        (0, (3, 6), "Give a score from 1 (low need) to 5 (high need)."),
        (0, (0, 3), "Give a score from 1 (low need) to 5 (high need)."),
    ],
)
def test_impossible_reviews_are_refused_and_nothing_is_saved(
    world, candidate, days_ago, scores, message
):
    with pytest.raises(ActionRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        review(candidate, world.coach, days_ago, *scores)
    db.session.rollback()
    assert count(WeeklyReview) == 0 and count(ReviewScore) == 0


def test_one_review_per_day(world, candidate):
    review(candidate, world.coach, 2, 3, 3)
    with pytest.raises(ActionRefused, match="already recorded"):
        review(candidate, world.coach, 2, 2, 2)


def test_latest_average_and_its_direction_come_from_the_last_two_reviews(world, make, candidate):
    review(candidate, world.coach, 21, 5, 5)
    review(candidate, world.coach, 14, 4, 4)
    review(candidate, world.coach, 7, 2, 3)
    steady = make.candidate(world.coach)
    review(steady, world.coach, 3, 3, 3)
    found = need_summaries([candidate.id, steady.id, 999])
    assert found[candidate.id].latest == 2.5 and found[candidate.id].direction == "down"
    assert found[candidate.id].last_reviewed_on == TODAY - timedelta(days=7)
    assert found[steady.id].direction == ""
    assert 999 not in found


def test_each_organisation_has_its_own_areas_and_past_reviews_keep_theirs(world, candidate):
    review(candidate, world.coach, 7, 3, 3, 3, 3)
    set_review_areas(world.coach.organisation, ["Housing", "Work", ""])
    db.session.commit()
    assert review_areas(world.coach.organisation_id) == ["Housing", "Work"]
    assert review_areas(world.other_coach.organisation_id) == list(DEFAULT_AREAS)
    (old,) = db.session.scalars(select(WeeklyReview)).all()
    assert [s.area for s in old.scores] == list(DEFAULT_AREAS)
    with pytest.raises(ActionRefused, match="listed twice"):
        set_review_areas(world.coach.organisation, ["Work", "work"])


# --- the pages ---------------------------------------------------------------------------


def test_coach_records_two_reviews_and_sees_the_trend_and_the_change(world, candidate, login):
    client = login(world.coach)
    url = f"/candidates/{candidate.id}/reviews/new"
    page = client.get(url).get_data(as_text=True)
    assert all(area in page for area in DEFAULT_AREAS)
    earlier = (TODAY - timedelta(days=7)).isoformat()
    assert client.post(url, data=form((5, 4, 4, 3), reviewed_on=earlier)).status_code == 302
    assert client.post(url, data=form((3, 3, 2, 2))).status_code == 302
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "<svg" in page and page.count("<polyline") == 5  # four areas and the average
    assert "Average need 4 at the first review, 2.5 at the latest: down 1.5 (less need)." in page
    assert "<caption>Need scores at each review" in page
    assert NOTE not in page  # notes are on the reviews pages, not the summary


def test_scores_outside_1_to_5_are_refused_beside_the_field(world, candidate, login):
    client = login(world.coach)
    url = f"/candidates/{candidate.id}/reviews/new"
    response = client.post(
        url, data=form((9, 3, 3, 3), reviewed_on=(TODAY + timedelta(days=1)).isoformat())
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="score_0-error">Give a score from 1 (low need) to 5 (high need).' in page
    assert "A review cannot be dated in the future." in page
    assert f'value="{NOTE}"' in page  # what was typed is kept
    assert count(WeeklyReview) == 0


def test_a_second_review_on_the_same_day_is_explained_beside_the_date(world, candidate, login):
    client = login(world.coach)
    url = f"/candidates/{candidate.id}/reviews/new"
    client.post(url, data=form())
    again = client.post(url, data=form())
    assert again.status_code == 422
    assert "is already recorded for this candidate" in again.get_data(as_text=True)
    assert count(WeeklyReview) == 1


def test_notes_are_seen_by_the_candidates_own_coaches(world, make, candidate, login):
    found = review(candidate, world.coach, 0, 3, 3, 3, 2, note=NOTE)
    colleague = make.user(Role.COACH, world.coach.organisation)
    client = login(colleague)
    assert NOTE in client.get(f"/candidates/{candidate.id}/reviews").get_data(as_text=True)
    page = client.get(f"/candidates/{candidate.id}/reviews/{found.id}").get_data(as_text=True)
    assert NOTE in page


def test_no_one_else_can_find_reviews_or_notes(world, make, candidate, login):
    found = review(candidate, world.coach, 0, 3, 3, 3, 2, note=NOTE)
    make.placement(candidate, world.programme, world.lead)
    urls = [
        f"/candidates/{candidate.id}/reviews",
        f"/candidates/{candidate.id}/reviews/{found.id}",
        f"/candidates/{candidate.id}/reviews/new",
    ]
    for user in (world.other_coach, world.lead, world.manager, world.cr, world.admin):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.role, url)
        assert client.post(urls[2], data=form()).status_code == 404
    # and nothing of the review reaches an employer's pages about the candidate
    manager = login(world.manager)
    for url in ("/placements/board", "/placements/", f"/placements/{candidate.id}"):
        assert NOTE not in manager.get(url).get_data(as_text=True)
    assert count(WeeklyReview) == 1


def test_a_review_of_another_candidate_is_not_found_under_this_one(world, make, login):
    first, second = make.candidate(world.coach), make.candidate(world.coach)
    found = review(first, world.coach, 0, 3, 3)
    client = login(world.coach)
    assert client.get(f"/candidates/{second.id}/reviews/{found.id}").status_code == 404


def test_coaches_change_their_organisations_areas(world, login):
    client = login(world.coach)
    page = client.get("/candidates/review-areas").get_data(as_text=True)
    assert 'value="Financial security"' in page
    bad = client.post("/candidates/review-areas", data={"area_0": "Work", "area_1": "work"})
    assert bad.status_code == 422 and "is listed twice" in bad.get_data(as_text=True)
    ok = client.post("/candidates/review-areas", data={"area_0": "Housing", "area_2": "Work"})
    assert ok.status_code == 302
    assert review_areas(world.coach.organisation_id) == ["Housing", "Work"]
    assert login(world.manager).get("/candidates/review-areas").status_code == 403
