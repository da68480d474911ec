"""The candidate jobs with a frozen clock: readiness going stale, overdue weekly reviews."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from pathway.candidates.jobs import overdue_weekly_reviews, readiness_going_stale
from pathway.candidates.reviews.services import AreaScore, record_review, review_areas
from pathway.candidates.vocabulary import RightToWork
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.notifications.vocabulary import NoticeKind
from tests.jobs.history import at, shown


@pytest.fixture(autouse=True)
def story_day(travel):
    """These stories are told in 2026: the records in them are made on 1 November."""
    travel(date(2026, 11, 1))


def notices() -> list[Notification]:
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def test_the_coach_is_told_before_an_english_assessment_goes_stale(world, make):
    # Default freshness: 6 months from 1 June 2026 = 1 December 2026; told 30 days before.
    candidate = make.candidate(world.coach, english_assessed_on=date(2026, 6, 1))
    assert readiness_going_stale(at("2026-10-31")) == {"notices": 0}
    assert readiness_going_stale(at("2026-11-01")) == {"notices": 1}
    (notice,) = notices()
    assert notice.recipient_id == world.coach.id and notice.kind is NoticeKind.ENGLISH_GOING_STALE
    assert shown(notice).startswith("Amina: English re-assessment due 01 Dec 2026")
    assert notice.link == f"/candidates/{candidate.id}"
    assert readiness_going_stale(at("2026-12-05")) == {"notices": 0}  # once per assessment

    candidate.english_assessed_on = date(2026, 12, 4)  # re-assessed: a new window
    db.session.commit()
    assert readiness_going_stale(at("2027-05-10")) == {"notices": 1}


def test_the_programme_a_candidate_is_on_sets_the_english_window(world, make):
    world.programme.english_fresh_months = 12
    db.session.commit()
    candidate = make.candidate(world.coach, english_assessed_on=date(2026, 6, 1))
    make.nomination(candidate, world.programme)
    assert readiness_going_stale(at("2026-11-01")) == {"notices": 0}
    assert readiness_going_stale(at("2027-05-02")) == {"notices": 1}


def test_the_coach_is_told_before_a_visa_ends_and_nobody_else(world, make):
    make.candidate(
        world.coach,
        right_to_work=RightToWork.VISA,
        visa_expires_on=date(2026, 12, 20),
        english_assessed_on=date(2026, 11, 1),
        right_to_work_checked_on=date(2026, 11, 1),
    )
    assert readiness_going_stale(at("2026-11-19")) == {"notices": 0}
    assert readiness_going_stale(at("2026-11-20")) == {"notices": 1}
    (notice,) = notices()
    assert notice.kind is NoticeKind.RIGHT_TO_WORK_EXPIRING
    assert notice.recipient_id == world.coach.id
    assert "Visa expires 20 Dec 2026" in shown(notice)


def test_hired_candidates_are_not_chased(world, make, history):
    placement = history.hired("2026-11-05", start_date="2026-11-20")
    placement.candidate.english_assessed_on = date(2026, 1, 1)  # long out of date, and
    placement.candidate.created_at = datetime(2026, 1, 1)  # never reviewed
    db.session.commit()
    assert readiness_going_stale(at("2026-11-01")) == {"notices": 0}
    assert overdue_weekly_reviews(at("2026-11-01")) == {"notices": 0}


def test_a_candidate_without_a_review_for_14_days_is_flagged_to_the_coach(world, make):
    candidate = make.candidate(world.coach)
    candidate.created_at = datetime(2026, 10, 1, 9)
    db.session.commit()
    scores = [AreaScore(area, 3) for area in review_areas(world.provider.id)]
    record_review(candidate, world.coach, date(2026, 11, 2), scores, True, True, date(2026, 11, 2))
    db.session.commit()

    assert overdue_weekly_reviews(at("2026-11-16")) == {"notices": 0}  # 14 days: not yet
    assert overdue_weekly_reviews(at("2026-11-17")) == {"notices": 1}
    (notice,) = notices()
    assert notice.kind is NoticeKind.REVIEW_OVERDUE and notice.recipient_id == world.coach.id
    assert shown(notice) == "No weekly review for Amina since 02 Nov 2026."
    assert notice.link == f"/candidates/{candidate.id}/reviews"
    assert overdue_weekly_reviews(at("2026-11-20")) == {"notices": 0}

    later = date(2026, 11, 20)
    record_review(candidate, world.coach, later, scores, True, True, later)
    db.session.commit()
    assert overdue_weekly_reviews(at("2026-12-04")) == {"notices": 0}
    assert overdue_weekly_reviews(at("2026-12-05")) == {"notices": 1}  # a new silence


def test_a_candidate_never_reviewed_counts_from_when_they_were_recorded(world, make):
    candidate = make.candidate(world.coach)
    candidate.created_at = datetime(2026, 11, 1, 9)
    db.session.commit()
    assert overdue_weekly_reviews(at("2026-11-15")) == {"notices": 0}
    assert overdue_weekly_reviews(at("2026-11-16")) == {"notices": 1}
    assert shown(notices()[0]) == "No weekly review yet for Amina (recorded on 01 Nov 2026)."
