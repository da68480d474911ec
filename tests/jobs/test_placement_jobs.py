"""The placement jobs' rules, each with a frozen clock: run at a chosen ``now``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from pathway.employers.models import FollowUpBy
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.jobs import (
    interview_guarantee,
    quiet_placements,
    retention_follow_ups,
    stage_reminders,
)
from pathway.placements.models import InterviewBreach, RetentionCheck
from pathway.placements.transitions import Action
from tests.jobs.history import at, shown


def notices(kind: NoticeKind | None = None) -> list[Notification]:
    query = select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def recipients(kind: NoticeKind) -> set[int]:
    return {n.recipient_id for n in notices(kind)}


# --- stage reminders ---------------------------------------------------------------------


def test_the_day_before_a_stage_the_site_manager_and_coach_are_reminded(world, history):
    placement = history.placement("2026-11-20", first_name="Blerta")
    history.step(placement, Action.SCHEDULE, "2026-11-20", scheduled_on=date(2026, 11, 25))

    assert stage_reminders(at("2026-11-23")) == {"notices": 0}  # two days before: not yet
    assert stage_reminders(at("2026-11-24")) == {"notices": 2}

    assert recipients(NoticeKind.STAGE_REMINDER) == {world.manager.id, world.coach.id}
    manager_notice = next(n for n in notices() if n.recipient_id == world.manager.id)
    assert shown(manager_notice).startswith(
        "Reminder: Blerta - Meet and greet tomorrow, Wed 25 Nov"
    )
    assert manager_notice.link == f"/placements/{placement.id}"


def test_running_stage_reminders_twice_sends_nothing_new(history):
    placement = history.placement("2026-11-20")
    history.step(placement, Action.SCHEDULE, "2026-11-20", scheduled_on=date(2026, 11, 25))
    stage_reminders(at("2026-11-24", 6))
    assert stage_reminders(at("2026-11-24", 7)) == {"notices": 0}
    assert len(notices()) == 2


def test_a_rescheduled_stage_is_reminded_again(history):
    placement = history.placement("2026-11-20")
    history.step(placement, Action.SCHEDULE, "2026-11-20", scheduled_on=date(2026, 11, 25))
    stage_reminders(at("2026-11-24"))
    history.step(placement, Action.SCHEDULE, "2026-11-24", scheduled_on=date(2026, 11, 27))
    assert stage_reminders(at("2026-11-26")) == {"notices": 2}


def test_an_employer_sees_no_name_the_candidate_did_not_agree_to_share(world, make, history):
    placement = history.placement("2026-11-20", first_name="Blerta")
    consent = placement.candidate.employer_consent
    consent.share_first_name = False
    db.session.commit()
    history.step(placement, Action.SCHEDULE, "2026-11-20", scheduled_on=date(2026, 11, 25))
    stage_reminders(at("2026-11-24"))
    texts = {n.recipient_id: shown(n) for n in notices()}
    assert "Blerta" not in texts[world.manager.id] and "a candidate" in texts[world.manager.id]
    assert "Blerta" in texts[world.coach.id]


# --- placements gone quiet ---------------------------------------------------------------


def test_a_quiet_placement_alerts_the_manager_then_the_lead(world, history):
    placement = history.placement("2026-11-01")

    assert quiet_placements(at("2026-11-14")) == {"notices": 0}  # 13 days
    assert quiet_placements(at("2026-11-15")) == {"notices": 1}  # 14 days: the site manager
    assert recipients(NoticeKind.PLACEMENT_QUIET) == {world.manager.id}
    assert quiet_placements(at("2026-11-21")) == {"notices": 0}  # 20 days
    assert quiet_placements(at("2026-11-22")) == {"notices": 1}  # 21 days: the lead too
    assert recipients(NoticeKind.PLACEMENT_QUIET_ESCALATED) == {world.lead.id}
    assert quiet_placements(at("2026-11-23")) == {"notices": 0}
    assert world.other_manager.id not in {n.recipient_id for n in notices()}
    assert "no update for 14 days" in notices()[0].text

    history.step(placement, Action.SCHEDULE, "2026-11-23", scheduled_on=date(2026, 11, 24))
    assert quiet_placements(at("2026-12-08")) == {"notices": 1}  # a new silence, a new alert


def test_the_programme_sets_how_long_before_a_placement_is_quiet(world, history):
    world.programme.stale_after_days = 5
    world.programme.escalate_after_days = 2
    db.session.commit()
    history.placement("2026-11-01")
    assert quiet_placements(at("2026-11-06")) == {"notices": 1}
    assert quiet_placements(at("2026-11-08")) == {"notices": 1}


def test_a_stage_booked_ahead_or_a_training_under_way_is_not_quiet(history):
    booked = history.placement("2026-11-01")
    history.step(booked, Action.SCHEDULE, "2026-11-01", scheduled_on=date(2026, 11, 30))
    training = history.placement("2026-11-01")
    history.complete_stage(training, "2026-11-01")
    history.complete_stage(training, "2026-11-01")
    history.step(training, Action.SCHEDULE, "2026-11-01", scheduled_on=date(2026, 11, 2))
    history.step(training, Action.ATTENDED, "2026-11-02")  # six weeks: until 14 December

    assert quiet_placements(at("2026-12-10")) == {"notices": 0}
    assert quiet_placements(at("2026-12-14")) == {"notices": 1}  # 14 days after the booking
    assert quiet_placements(at("2026-12-28")) == {"notices": 2}  # 14 days after training


# --- the interview guarantee -------------------------------------------------------------


def test_the_lead_and_coach_are_warned_as_the_interview_deadline_nears(world, history):
    placement = history.trained("2026-10-01", training_passed="2026-11-02")  # deadline 16 Nov

    assert interview_guarantee(at("2026-11-12")) == {"notices": 0, "breaches": 0}
    assert interview_guarantee(at("2026-11-13")) == {"notices": 2, "breaches": 0}
    assert recipients(NoticeKind.INTERVIEW_DUE) == {world.lead.id, world.coach.id}
    assert "must be held by Mon 16 Nov 2026" in notices()[0].text
    assert interview_guarantee(at("2026-11-16")) == {"notices": 0, "breaches": 0}
    assert db.session.scalar(select(InterviewBreach)) is None
    assert placement.id


def test_a_missed_guarantee_is_recorded_once(world, history):
    placement = history.trained("2026-10-01", training_passed="2026-11-02")

    assert interview_guarantee(at("2026-11-17")) == {"notices": 2, "breaches": 1}
    assert interview_guarantee(at("2026-11-18")) == {"notices": 0, "breaches": 0}
    (breach,) = db.session.scalars(select(InterviewBreach)).all()
    assert breach.placement_id == placement.id
    assert (breach.training_completed_on, breach.deadline) == (
        date(2026, 11, 2),
        date(2026, 11, 16),
    )
    assert recipients(NoticeKind.INTERVIEW_MISSED) == {world.lead.id, world.coach.id}


def test_an_interview_booked_and_held_in_time_keeps_the_guarantee(history):
    placement = history.trained("2026-10-01", training_passed="2026-11-02")
    history.step(placement, Action.SCHEDULE, "2026-11-03", scheduled_on=date(2026, 11, 16))

    assert interview_guarantee(at("2026-11-14")) == {"notices": 0, "breaches": 0}
    # The day after: booked in time, attendance not recorded yet - waiting, not a breach.
    assert interview_guarantee(at("2026-11-17")) == {"notices": 0, "breaches": 0}
    history.step(placement, Action.ATTENDED, "2026-11-18")  # recorded late, held on the 16th
    assert interview_guarantee(at("2026-11-20")) == {"notices": 0, "breaches": 0}


def test_an_interview_the_candidate_missed_and_not_rebooked_in_time_is_a_breach(history):
    placement = history.trained("2026-10-01", training_passed="2026-11-02")
    history.step(placement, Action.SCHEDULE, "2026-11-03", scheduled_on=date(2026, 11, 10))
    history.step(placement, Action.DID_NOT_ATTEND, "2026-11-10")
    history.step(placement, Action.SCHEDULE, "2026-11-11", scheduled_on=date(2026, 11, 20))
    assert interview_guarantee(at("2026-11-17"))["breaches"] == 1


def test_an_interview_moved_past_the_deadline_is_a_breach(history):
    placement = history.trained("2026-10-01", training_passed="2026-11-02")
    history.step(placement, Action.SCHEDULE, "2026-11-03", scheduled_on=date(2026, 11, 10))
    history.step(placement, Action.SCHEDULE, "2026-11-09", scheduled_on=date(2026, 11, 25))
    assert placement.events[-1].kind.value == "rescheduled"
    assert interview_guarantee(at("2026-11-17"))["breaches"] == 1


def test_a_programme_promising_a_longer_wait_moves_the_deadline(world, history):
    world.programme.interview_within_days = 28
    db.session.commit()
    history.trained("2026-10-01", training_passed="2026-11-02")
    assert interview_guarantee(at("2026-11-17")) == {"notices": 0, "breaches": 0}
    assert interview_guarantee(at("2026-12-01"))["breaches"] == 1


def test_a_placement_ended_before_the_deadline_is_no_breach(history):
    from pathway.placements.vocabulary import EndedBy, LeaveReason

    placement = history.trained("2026-10-01", training_passed="2026-11-02")
    history.step(
        placement,
        Action.END,
        "2026-11-05",
        ended_by=EndedBy.CANDIDATE,
        reason=LeaveReason.OTHER_WORK,
    )
    assert interview_guarantee(at("2026-11-20")) == {"notices": 0, "breaches": 0}


# --- retention follow-ups ----------------------------------------------------------------


def test_follow_ups_fall_due_3_6_and_12_months_after_the_start_date(world, history):
    placement = history.hired("2026-01-05", start_date="2026-01-31")

    assert retention_follow_ups(at("2026-04-29")) == {"checks": 0, "notices": 0}
    assert retention_follow_ups(at("2026-04-30")) == {"checks": 1, "notices": 1}  # 31 Jan + 3
    (check,) = db.session.scalars(select(RetentionCheck)).all()
    assert (check.placement_id, check.months, check.due_on) == (placement.id, 3, date(2026, 4, 30))
    assert check.answer is None
    (notice,) = notices(NoticeKind.FOLLOW_UP_DUE)
    assert notice.recipient_id == world.coach.id  # the programme's default: the coach
    assert notice.link == f"/placements/follow-ups/{check.id}"

    assert retention_follow_ups(at("2026-04-30", 14)) == {"checks": 0, "notices": 0}
    assert retention_follow_ups(at("2027-02-01")) == {"checks": 2, "notices": 2}  # 6 and 12
    months = sorted(c.months for c in db.session.scalars(select(RetentionCheck)))
    assert months == [3, 6, 12]


def test_the_programme_can_ask_the_site_manager_instead(world, history):
    world.programme.follow_up_by = FollowUpBy.SITE_MANAGER
    db.session.commit()
    history.hired("2026-01-05", start_date="2026-01-31")
    retention_follow_ups(at("2026-05-01"))
    assert recipients(NoticeKind.FOLLOW_UP_DUE) == {world.manager.id}


def test_a_placement_paused_by_the_coach_is_not_chased(world, history):
    from pathway.placements.pausing import pause_placement

    placement = history.placement("2026-11-01")
    history.step(placement, Action.SCHEDULE, "2026-11-01", scheduled_on=date(2026, 11, 25))
    pause_placement(placement, world.coach, at=at("2026-11-02"))
    db.session.commit()
    assert stage_reminders(at("2026-11-24")) == {"notices": 0}
    assert quiet_placements(at("2026-12-30")) == {"notices": 0}
