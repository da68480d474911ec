"""Answering retention follow-ups: the list, the form, who may answer, what is recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pathway.employers.models import FollowUpBy
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.placements.jobs import retention_follow_ups
from pathway.placements.models import RetentionCheck
from pathway.placements.vocabulary import LeaveReason, RetentionAnswer
from tests.jobs.history import at


@pytest.fixture
def check(history):
    history.hired("2026-01-05", start_date="2026-02-01", first_name="Blerta")
    retention_follow_ups(at("2026-05-01"))
    db.session.commit()
    return db.session.scalar(select(RetentionCheck))


def test_the_coach_sees_the_follow_up_to_answer_in_the_list_and_the_nav(world, login, check):
    client = login(world.coach)
    assert 'href="/placements/follow-ups">Follow-ups</a>' in client.get("/candidates/").get_data(
        as_text=True
    )
    page = client.get("/placements/follow-ups").get_data(as_text=True)
    assert "Blerta" in page and f'href="/placements/follow-ups/{check.id}"' in page
    # The programme asks the coach: the site manager's list is empty, but the page opens.
    manager = login(world.manager)
    assert "Nothing to answer" in manager.get("/placements/follow-ups").get_data(as_text=True)
    assert manager.get(f"/placements/follow-ups/{check.id}").status_code == 200


def test_no_longer_in_work_needs_a_reason_shown_beside_the_field(world, login, check):
    client = login(world.coach)
    response = client.post(f"/placements/follow-ups/{check.id}", data={"answer": "left"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reason-error">Choose why the person is no longer in work.' in page
    assert 'checked id="answer-1"' in page  # the typed answer is kept
    db.session.refresh(check)
    assert check.answer is None


def test_an_answer_is_recorded_and_the_task_closed(world, login, check):
    client = login(world.coach)
    response = client.post(
        f"/placements/follow-ups/{check.id}", data={"answer": "left", "reason": "health"}
    )
    assert response.status_code == 302
    db.session.refresh(check)
    assert (check.answer, check.reason, check.answered_by_id) == (
        RetentionAnswer.LEFT,
        LeaveReason.HEALTH,
        world.coach.id,
    )
    notice = db.session.scalar(select(Notification))
    assert notice.read_at is not None
    again = client.post(f"/placements/follow-ups/{check.id}", data={"answer": "still_in_work"})
    assert again.status_code == 422 and "already answered" in again.get_data(as_text=True)


def test_not_known_may_be_updated_later_and_a_reason_only_goes_with_left(world, login, check):
    client = login(world.coach)
    url = f"/placements/follow-ups/{check.id}"
    client.post(url, data={"answer": "unknown", "reason": "health"})
    db.session.refresh(check)
    assert (check.answer, check.reason) == (RetentionAnswer.UNKNOWN, None)
    page = client.get("/placements/follow-ups").get_data(as_text=True)
    assert "Not known so far" in page
    client.post(url, data={"answer": "still_in_work"})
    db.session.refresh(check)
    assert check.answer is RetentionAnswer.STILL_IN_WORK


def test_a_site_manager_asked_by_the_programme_answers(world, login, history):
    world.programme.follow_up_by = FollowUpBy.SITE_MANAGER
    db.session.commit()
    history.hired("2026-01-05", start_date="2026-02-01")
    retention_follow_ups(at("2026-05-01"))
    db.session.commit()
    check = db.session.scalar(select(RetentionCheck))
    client = login(world.manager)
    assert f"/placements/follow-ups/{check.id}" in client.get("/placements/follow-ups").get_data(
        as_text=True
    )
    assert (
        client.post(
            f"/placements/follow-ups/{check.id}", data={"answer": "still_in_work"}
        ).status_code
        == 302
    )
    assert login(world.other_manager).get(f"/placements/follow-ups/{check.id}").status_code == 404


def test_the_admin_page_lists_runs_and_failures(world, login, booked_failure):
    client = login(world.admin)
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "stage_reminders" in page and "every day at 07:00 (UK time)" in page
    assert "RuntimeError: nothing to see" in page
    assert 'href="/admin/jobs/">Scheduled jobs</a>' in client.get("/admin/").get_data(as_text=True)


@pytest.fixture
def booked_failure(app):
    from pathway.jobs.registry import RegisteredJob, daily
    from pathway.jobs.runner import run_jobs

    def broken(now):
        raise RuntimeError("nothing to see")

    run_jobs([RegisteredJob("broken", broken, daily(6), "")], at("2026-11-24"), "runner")
