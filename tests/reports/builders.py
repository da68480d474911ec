"""Placements with their history dated as a test needs, through the real services."""

from __future__ import annotations

from datetime import date, datetime, time

from pathway.auth.models import Organisation, Role, User
from pathway.candidates.models import DeclineReason, Nomination
from pathway.clock import to_london
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import InterviewBreach, Placement, RetentionCheck
from pathway.placements.nominations import accept_nomination, decline_nomination
from pathway.placements.services import StageUpdate, record_stage_update
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason, RetentionAnswer
from pathway.reports.figures.periods import Period, add_months
from tests.factories import Factory, through_stage

PERIOD = (date(2026, 1, 1), date(2026, 3, 31))
QUARTER = Period(*PERIOD)
YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))  # the financial year of DURING: the grain
DURING = datetime(2026, 2, 10, 12, 0)
AS_OF = date(2026, 11, 23)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0))


class Scheme:
    """One employer's programme with a lead, and a coach putting candidates forward.

    The default programme's stages are Meet and greet, Shadow day, Six-week training (six
    weeks) and the guaranteed interview."""

    def __init__(self, make: Factory, coach: User, employer: Organisation | None = None):
        self.make = make
        self.coach = coach
        self.employer = employer or make.employer()
        self.programme = make.programme(self.employer)
        self.lead = make.user(Role.PARTNERSHIP_LEAD, self.employer)

    def nominate(
        self, when: datetime = DURING, programme: Programme | None = None, **candidate
    ) -> Nomination:
        person = candidate.pop("person", None) or self.make.candidate(self.coach, **candidate)
        nomination = self.make.nomination(person, programme or self.programme)
        nomination.created_at = when
        db.session.commit()
        return nomination

    def decline(
        self, when: datetime = DURING, reason=DeclineReason.NO_VACANCY, **candidate
    ) -> Nomination:
        nomination = self.nominate(when, **candidate)
        decline_nomination(nomination, self.lead, reason, "")
        nomination.decided_at = when
        db.session.commit()
        return nomination

    def place(self, when: datetime = DURING, **candidate) -> Placement:
        nomination = self.nominate(when, **candidate)
        placement = accept_nomination(nomination, nomination.programme.sites[0], self.lead, at=when)
        db.session.commit()
        return placement

    def record(
        self, placement: Placement, *actions: Action, when: datetime = DURING, **fields
    ) -> Placement:
        scheduled_on = fields.pop("scheduled_on", to_london(when).date())
        for action in actions:
            update = StageUpdate(action=action, scheduled_on=scheduled_on, **fields)
            record_stage_update(placement, update, self.lead, placement.version, at=when)
        db.session.commit()
        return placement

    def trained(self, when: datetime = DURING, **candidate) -> Placement:
        """Through every stage before the interview; the interview is now due."""
        return self.record(self.place(when, **candidate), *through_stage(3), when=when)

    def interviewed(
        self, trained_at: datetime = DURING, held_on: date | None = None, **candidate
    ) -> Placement:
        """Trained at ``trained_at``; the interview held (attended) on ``held_on``."""
        placement = self.trained(trained_at, **candidate)
        held_on = held_on or trained_at.date()
        return self.record(
            placement, Action.SCHEDULE, Action.ATTENDED, when=noon(held_on), scheduled_on=held_on
        )

    def hired(
        self,
        when: datetime = DURING,
        contract=ContractType.PERMANENT,
        hours: int = 20,
        start: date | None = None,
        **candidate,
    ) -> Placement:
        placement = self.place(when, **candidate)
        return self.record(
            placement,
            *through_stage(3),
            Action.SCHEDULE,
            Action.ATTENDED,
            Action.HIRE,
            when=when,
            contract_type=contract,
            hours_per_week=hours,
            start_date=start or when.date(),
        )

    def not_hired(self, when: datetime = DURING, reason=LeaveReason.ENGLISH_LEVEL) -> Placement:
        placement = self.place(when)
        return self.record(
            placement,
            *through_stage(3),
            Action.SCHEDULE,
            Action.ATTENDED,
            Action.NOT_HIRE,
            when=when,
            reason=reason,
        )

    def ended_after(
        self,
        stages: int,
        when: datetime = DURING,
        reason=LeaveReason.ROLE_NOT_SUITABLE,
        by=EndedBy.CANDIDATE,
    ) -> Placement:
        placement = self.place(when)
        return self.record(
            placement, *through_stage(stages), Action.END, when=when, reason=reason, ended_by=by
        )

    def check(self, placement: Placement, months: int, answer: RetentionAnswer | None) -> None:
        """A follow-up check on a hire, as the scheduled job would record it."""
        start = next(e.start_date for e in placement.events if e.start_date)
        db.session.add(
            RetentionCheck(
                placement_id=placement.id,
                months=months,
                due_on=add_months(start, months),
                answer=answer,
            )
        )
        db.session.commit()

    def breach(self, placement: Placement, trained_on: date, deadline: date) -> None:
        """The missed interview deadline, as the scheduled job would record it."""
        db.session.add(
            InterviewBreach(
                placement_id=placement.id, training_completed_on=trained_on, deadline=deadline
            )
        )
        db.session.commit()
