"""Placements with their history dated as a test needs, through the real services."""

from __future__ import annotations

from datetime import date, datetime, time

from pathway.auth.models import Organisation, Role, User
from pathway.candidates.models import DeclineReason, Nomination
from pathway.candidates.services import decline_nomination
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.services import StageUpdate, accept_nomination, record_stage_update
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason
from tests.factories import Factory, through_stage

PERIOD = (date(2026, 1, 1), date(2026, 3, 31))
DURING = datetime(2026, 2, 10, 12, 0)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0))


class Scheme:
    """One employer's programme with a lead, and a coach putting candidates forward."""

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

    def decline(self, when: datetime = DURING, reason=DeclineReason.NO_VACANCY) -> Nomination:
        nomination = self.nominate(when)
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
        for action in actions:
            update = StageUpdate(action=action, scheduled_on=when.date(), **fields)
            record_stage_update(placement, update, self.lead, placement.version, at=when)
        db.session.commit()
        return placement

    def hired(self, when: datetime = DURING, **candidate) -> Placement:
        placement = self.place(when, **candidate)
        return self.record(
            placement,
            *through_stage(3),
            Action.SCHEDULE,
            Action.ATTENDED,
            Action.HIRE,
            when=when,
            contract_type=ContractType.PERMANENT,
            hours_per_week=20,
            start_date=when.date(),
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
        self, stages: int, when: datetime = DURING, reason=LeaveReason.ROLE_NOT_SUITABLE
    ) -> Placement:
        placement = self.place(when)
        return self.record(
            placement,
            *through_stage(stages),
            Action.END,
            when=when,
            reason=reason,
            ended_by=EndedBy.CANDIDATE,
        )
