"""Scheduled jobs about placements. Each is ``job(now) -> counts`` and idempotent: a
notice is keyed by the thing it is about, a breach or a follow-up exists once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from pathway.auth.models import User
from pathway.clock import to_london
from pathway.employers.models import FollowUpBy
from pathway.extensions import db
from pathway.notifications.models import CANDIDATE
from pathway.notifications.recipients import (
    coaches_of,
    partnership_leads_of,
    site_managers_of,
)
from pathway.notifications.services import notify
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements import follow_ups
from pathway.placements.guarantee import Guarantee, guarantee_of
from pathway.placements.models import (
    InterviewBreach,
    Placement,
    PlacementStage,
    RetentionCheck,
    StageEvent,
)
from pathway.placements.vocabulary import EventKind, Outcome, StageStatus


def _today(now: datetime) -> date:
    return to_london(now).date()


def _link(placement: Placement) -> str:
    return f"/placements/{placement.id}"


def _open_placements():
    """Placements under way and not paused by the coach (a pause silences reminders)."""
    return (
        select(Placement)
        .where(Placement.outcome == Outcome.IN_PROGRESS, Placement.paused_at.is_(None))
        .options(
            selectinload(Placement.stages),
            joinedload(Placement.site),
            joinedload(Placement.programme),
            joinedload(Placement.candidate),
        )
        .order_by(Placement.id)
    )


# --- stage reminders ---------------------------------------------------------------------


def stage_reminders(now: datetime) -> dict:
    """The day before a scheduled stage, remind the site manager and the coach (a stage
    booked for today that was not reminded yet - booked late, or a missed run - too)."""
    today = _today(now)
    placements = db.session.scalars(
        _open_placements().where(
            Placement.stage_status == StageStatus.SCHEDULED,
            Placement.scheduled_on.between(today, today + timedelta(days=1)),
        )
    ).unique()
    notices = 0
    for placement in placements:
        stage, day = placement.current_stage, placement.scheduled_on
        when = "today" if day == today else "tomorrow"
        at = f" at {placement.scheduled_time:%H:%M}" if placement.scheduled_time else ""

        text = (
            f"Reminder: {CANDIDATE} - {stage.name} {when}, "
            f"{day:%a %d %b}{at}, at {placement.site.name}."
        )
        notices += notify(
            site_managers_of(placement.site_id) + coaches_of(placement.candidate),
            NoticeKind.STAGE_REMINDER,
            f"stage:{placement.id}:{stage.position}:{day.isoformat()}",
            text,
            _link(placement),
            now,
            about=placement.candidate,
        )
    return {"notices": notices}


# --- placements gone quiet ---------------------------------------------------------------


def stage_days(stage: PlacementStage) -> int:
    """How long a stage runs once attended, in whole days (a six-week training: 42)."""
    if not stage.duration_amount or stage.duration_unit is None:
        return 0
    return int(stage.duration_unit.calendar_days(stage.duration_amount))


def quiet_since(placement: Placement, last_event_on: date) -> date:
    """From when a placement's silence counts: its last event, but not while a booked date
    is still ahead, nor while an attended stage (say six weeks of training) is still running."""
    since = last_event_on
    if placement.stage_status is StageStatus.SCHEDULED and placement.scheduled_on:
        since = max(since, placement.scheduled_on)
    if placement.stage_status is StageStatus.ATTENDED:
        since = max(since, last_event_on + timedelta(days=stage_days(placement.current_stage)))
    return since


def quiet_placements(now: datetime) -> dict:
    """No stage event for the programme's days: alert the site manager; after a further
    ``escalate_after_days``, the partnership lead too. Once per silence."""
    today = _today(now)
    last_event = (
        select(StageEvent.placement_id, func.max(StageEvent.id).label("event_id"))
        .group_by(StageEvent.placement_id)
        .subquery()
    )
    rows = db.session.execute(
        _open_placements()
        .add_columns(StageEvent)
        .join(last_event, last_event.c.placement_id == Placement.id)
        .join(StageEvent, StageEvent.id == last_event.c.event_id)
    ).unique()
    notices = 0
    for placement, event in rows:
        programme = placement.programme
        days = (today - quiet_since(placement, to_london(event.occurred_at).date())).days
        if days < programme.stale_after_days:
            continue
        state = f"{placement.current_stage.name}: {placement.stage_status.label}"

        text = (
            f"{CANDIDATE} at {placement.site.name} has had no "
            f"update for {days} days ({state}). Record what happened, or end the placement."
        )

        notices += notify(
            site_managers_of(placement.site_id),
            NoticeKind.PLACEMENT_QUIET,
            f"quiet:{placement.id}:{event.id}",
            text,
            _link(placement),
            now,
            about=placement.candidate,
        )
        if days >= programme.stale_after_days + programme.escalate_after_days:
            notices += notify(
                partnership_leads_of(programme.employer_id),
                NoticeKind.PLACEMENT_QUIET_ESCALATED,
                f"quiet-escalated:{placement.id}:{event.id}",
                text,
                _link(placement),
                now,
                about=placement.candidate,
            )
    return {"notices": notices}


# --- the interview guarantee -------------------------------------------------------------


def interview_guarantee(now: datetime) -> dict:
    """Warn the partnership lead and coach as the deadline nears; record a breach (once)
    when it passes without an interview."""
    today = _today(now)
    notices = breaches = 0
    for placement in db.session.scalars(_awaiting_interview()).unique():
        guarantee = guarantee_of(placement)
        if guarantee is None or placement.is_paused:  # judged once the coach resumes it
            continue
        people = _told_about_interview(placement)
        if guarantee.breached(today):
            notices += _record_missed_interview(placement, guarantee, people, now)
            breaches += 1
        elif guarantee.needs_warning(today):
            notices += _warn_interview_due(placement, guarantee, people, now)
    db.session.flush()
    return {"notices": notices, "breaches": breaches}


def _awaiting_interview():
    """Placements that passed the stage before an interview stage and have no breach
    recorded yet: the ones the guarantee may still apply to."""
    interview_stage = (
        select(PlacementStage.id)
        .where(
            PlacementStage.placement_id == StageEvent.placement_id,
            PlacementStage.position == StageEvent.stage_position + 1,
            PlacementStage.is_interview.is_(True),
        )
        .exists()
    )
    training_passed = select(StageEvent.placement_id).where(
        StageEvent.kind == EventKind.PASSED, interview_stage
    )
    return (
        select(Placement)
        .where(
            Placement.id.in_(training_passed),
            ~exists().where(InterviewBreach.placement_id == Placement.id),
        )
        .options(
            selectinload(Placement.stages),
            selectinload(Placement.events),
            joinedload(Placement.programme),
            joinedload(Placement.candidate),
        )
        .order_by(Placement.id)
    )


def _told_about_interview(placement: Placement) -> list[User]:
    """Who hears about a guaranteed interview: the employer's partnership leads and the
    candidate's coaches."""
    return partnership_leads_of(placement.programme.employer_id) + coaches_of(placement.candidate)


def _record_missed_interview(
    placement: Placement, guarantee: Guarantee, people: list[User], now: datetime
) -> int:
    """Record the breach and tell ``people`` the interview was missed; returns notices."""
    deadline = guarantee.deadline
    db.session.add(
        InterviewBreach(
            placement_id=placement.id,
            training_completed_on=guarantee.training_completed_on,
            deadline=deadline,
            recorded_at=now,
        )
    )

    missed = (
        f"The guaranteed interview for {CANDIDATE} was "
        f"not held by {deadline:%a %d %b %Y}. It is recorded as a missed guarantee."
    )

    return notify(
        people,
        NoticeKind.INTERVIEW_MISSED,
        f"interview-missed:{placement.id}",
        missed,
        _link(placement),
        now,
        about=placement.candidate,
    )


def _warn_interview_due(
    placement: Placement, guarantee: Guarantee, people: list[User], now: datetime
) -> int:
    """Tell ``people`` the deadline is near and no interview is booked; returns notices."""
    due = (
        f"The guaranteed interview for {CANDIDATE} must "
        f"be held by {guarantee.deadline:%a %d %b %Y} and is not booked yet."
    )

    return notify(
        people,
        NoticeKind.INTERVIEW_DUE,
        f"interview-due:{placement.id}",
        due,
        _link(placement),
        now,
        about=placement.candidate,
    )


# --- retention follow-ups ----------------------------------------------------------------


def retention_follow_ups(now: datetime) -> dict:
    """3, 6 and 12 months after a hire's start date: create the check and task the coach
    (or the site manager, as the programme says) to record whether the person is in work."""
    today = _today(now)
    hired = follow_ups.hired_placements_with_start()
    existing = follow_ups.existing_checks([placement.id for placement, _ in hired])
    checks = notices = 0
    for placement, start in hired:
        for months, due_on in follow_ups.due_dates(start).items():
            if due_on > today or (placement.id, months) in existing:
                continue
            check = RetentionCheck(placement_id=placement.id, months=months, due_on=due_on)
            db.session.add(check)
            db.session.flush()
            checks += 1

            text = (
                f"{months}-month follow-up: is {CANDIDATE} still "
                f"in work? (started {start:%d %b %Y} at {placement.site.name})"
            )

            notices += notify(
                _asked(placement),
                NoticeKind.FOLLOW_UP_DUE,
                follow_ups.subject_key(placement.id, months),
                text,
                f"/placements/follow-ups/{check.id}",
                now,
                about=placement.candidate,
            )
    return {"checks": checks, "notices": notices}


def _asked(placement: Placement) -> list[User]:
    """Who the programme asks; the other side when nobody holds that role."""
    coaches = coaches_of(placement.candidate)
    managers = site_managers_of(placement.site_id)
    if placement.programme.follow_up_by is FollowUpBy.SITE_MANAGER:
        return managers or coaches
    return coaches or managers
