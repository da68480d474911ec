"""Placements: recording each stage, moving a placement, as append-only events (a placement
begins when a nomination is accepted: ``nominations``).

Every change appends a ``StageEvent`` and updates the placement's current state in the
same flush, so the board, timelines and figures read one history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm.exc import StaleDataError

from pathway.auth.models import User
from pathway.candidates.safety import SITE_NOT_AVAILABLE, site_is_safe_for
from pathway.clock import to_london, today_london, utcnow
from pathway.employers.models import Site
from pathway.extensions import db
from pathway.placements.events import stage_event
from pathway.placements.models import Placement, StageEvent
from pathway.placements.news import tell_event
from pathway.placements.transitions import Action, PlacementState, refusal
from pathway.placements.vocabulary import (
    ContractType,
    EndedBy,
    EventKind,
    LeaveReason,
    Outcome,
    StageStatus,
)
from pathway.refusals import ActionRefused, StaleState


def transfer_placement(
    placement: Placement, site: Site, user: User, expected_version: int, at: datetime | None = None
) -> StageEvent:
    """Move an open placement to another taking-part site, in its history; never to a site
    in an area the candidate must avoid (the refusal does not say why)."""
    at = at or utcnow()
    if placement.version != expected_version:
        raise StaleState(_changed_meanwhile(placement))
    if not placement.is_open:
        raise ActionRefused("This placement has ended; it cannot move.")
    if site.id == placement.site_id:
        raise ActionRefused(f"The placement is already at {site.name}.")
    if site not in placement.programme.sites:
        raise ActionRefused(f"{site.name} does not take part in {placement.programme.name}.")
    if not site_is_safe_for(placement.candidate, site):
        raise ActionRefused(SITE_NOT_AVAILABLE)
    label = state_label(placement)
    event = stage_event(
        placement,
        EventKind.TRANSFERRED,
        user,
        at,
        from_state=f"{label} at {placement.site.name}",
        to_state=f"{label} at {site.name}",
    )
    placement.site = site
    placement.events.append(event)
    db.session.flush()
    tell_event(placement, event, user)
    return event


def state_of(placement: Placement, today: date | None = None) -> PlacementState:
    """The placement's state as the transition rules see it, on ``today`` (UK date)."""
    stage = placement.current_stage
    later = placement.stages[placement.current_position + 1 :]
    return PlacementState(
        outcome=placement.outcome,
        stage_status=placement.stage_status,
        stage_name=stage.name,
        is_interview=stage.is_interview,
        next_stage_name=later[0].name if later else None,
        paused=placement.is_paused,
        scheduled_on=placement.scheduled_on,
        today=today or today_london(),
    )


def state_label(placement: Placement) -> str:
    if placement.outcome is not Outcome.IN_PROGRESS:
        return placement.outcome.label
    paused = " (paused)" if placement.is_paused else ""
    return f"{placement.current_stage.name}: {placement.stage_status.label}{paused}"


@dataclass(frozen=True)
class StageUpdate:
    """What a user asks to record; only the fields its action needs are read."""

    action: Action
    scheduled_on: date | None = None
    scheduled_time: time | None = None
    contract_type: ContractType | None = None
    hours_per_week: int | None = None
    start_date: date | None = None
    ended_by: EndedBy | None = None
    reason: LeaveReason | None = None
    note: str = ""


def record_stage_update(
    placement: Placement,
    update: StageUpdate,
    user: User,
    expected_version: int,
    at: datetime | None = None,
) -> StageEvent:
    """Apply ``update`` if the placement is still as the user saw it and the rules allow it,
    save it, and tell whoever must know (``news``)."""
    at = at or utcnow()
    event = apply_stage_update(placement, update, user, expected_version, at)
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleState(
            "Someone else updated this placement at the same moment; nothing was saved. "
            "Here is its current state."
        ) from None
    tell_event(placement, event, user)
    return event


def apply_stage_update(
    placement: Placement, update: StageUpdate, user: User, expected_version: int, at: datetime
) -> StageEvent:
    """The change itself, on the placement and its history, without saving or telling
    anyone: what ``record_stage_update`` does first (the scale generator uses it alone)."""
    if placement.version != expected_version:
        raise StaleState(_changed_meanwhile(placement))
    why_not = refusal(update.action, state_of(placement, to_london(at).date()))
    if why_not:
        raise ActionRefused(why_not)
    event = stage_event(
        placement,
        _EVENT_OF[update.action],
        user,
        at,
        from_state=state_label(placement),
        note=update.note.strip(),
    )
    _APPLY[update.action](placement, update, event, at)
    event.to_state = state_label(placement)
    placement.events.append(event)
    return event


def _changed_meanwhile(placement: Placement) -> str:
    """Say who changed the placement, and to what, since the user loaded it."""
    last = placement.events[-1] if placement.events else None
    who = ""
    if last is not None:
        by = f"{last.actor.name} " if last.actor else ""
        when = to_london(last.occurred_at).strftime("%H:%M")
        who = f' - {by}recorded "{last.kind.label.lower()}" for {last.stage_name} at {when}'
    return (
        f"This placement changed while you were looking at it{who}. Nothing was saved. "
        f"It is now at {state_label(placement)}."
    )


LATEST_AHEAD = timedelta(days=366)


def _schedule(placement, update, event, at):
    if update.scheduled_on is None:
        raise ActionRefused("Choose the date of the stage.")
    began = to_london(placement.created_at).date()
    if update.scheduled_on < began:
        raise ActionRefused(
            f"That date is before the placement began ({began:%d %b %Y}): choose a later one."
        )
    if update.scheduled_on > to_london(at).date() + LATEST_AHEAD:
        raise ActionRefused("That date is more than a year away: choose a nearer one.")
    if placement.stage_status is StageStatus.SCHEDULED:
        event.kind = EventKind.RESCHEDULED
    placement.stage_status = StageStatus.SCHEDULED
    placement.scheduled_on = event.scheduled_on = update.scheduled_on
    placement.scheduled_time = event.scheduled_time = update.scheduled_time


def _attended(placement, update, event, at):
    placement.stage_status = StageStatus.ATTENDED


def _did_not_attend(placement, update, event, at):
    placement.stage_status = StageStatus.DID_NOT_ATTEND
    placement.scheduled_on = placement.scheduled_time = None


def _pass(placement, update, event, at):
    placement.current_position += 1
    placement.stage_status = StageStatus.TO_SCHEDULE
    placement.scheduled_on = placement.scheduled_time = None
    placement.stage_entered_at = at


def _hire(placement, update, event, at):
    if not (update.contract_type and update.hours_per_week and update.start_date):
        raise ActionRefused("A hire needs the contract type, hours a week and start date.")
    interview_on = placement.scheduled_on
    if interview_on and update.start_date < interview_on:
        raise ActionRefused(
            f"The start date cannot be before the interview ({interview_on:%d %b %Y})."
        )
    if update.start_date > to_london(at).date() + LATEST_AHEAD:
        raise ActionRefused("The start date is more than a year away: check it.")
    event.contract_type = update.contract_type
    event.hours_per_week = update.hours_per_week
    event.start_date = update.start_date
    _close(placement, Outcome.HIRED, at)


def _not_hire(placement, update, event, at):
    if update.reason is None:
        raise ActionRefused("Choose the reason the candidate was not hired.")
    event.reason = update.reason
    _close(placement, Outcome.NOT_HIRED, at)


def _end(placement, update, event, at):
    if update.reason is None or update.ended_by is None:
        raise ActionRefused("Say who ended the placement and why.")
    event.reason = update.reason
    event.ended_by = update.ended_by
    _close(placement, Outcome.WITHDRAWN, at)


def _close(placement: Placement, outcome: Outcome, at: datetime) -> None:
    placement.outcome = outcome
    placement.scheduled_on = placement.scheduled_time = None
    placement.stage_entered_at = at


_APPLY = {
    Action.SCHEDULE: _schedule,
    Action.ATTENDED: _attended,
    Action.DID_NOT_ATTEND: _did_not_attend,
    Action.PASS: _pass,
    Action.HIRE: _hire,
    Action.NOT_HIRE: _not_hire,
    Action.END: _end,
}
_EVENT_OF = {
    Action.SCHEDULE: EventKind.SCHEDULED,
    Action.ATTENDED: EventKind.ATTENDED,
    Action.DID_NOT_ATTEND: EventKind.DID_NOT_ATTEND,
    Action.PASS: EventKind.PASSED,
    Action.HIRE: EventKind.HIRED,
    Action.NOT_HIRE: EventKind.NOT_HIRED,
    Action.END: EventKind.WITHDRAWN,
}
