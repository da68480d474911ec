"""A candidate with something in every table that refers to them, each written with a word
that appears nowhere else, so a test can look for it in the whole database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from pathway.audit.services import record_audit
from pathway.candidates.consent import record_consent
from pathway.candidates.models import (
    AreaKind,
    Candidate,
    ConsentMethod,
    ConsentScope,
    DeclineReason,
)
from pathway.candidates.reviews.services import AreaScore, record_review
from pathway.candidates.safety import record_avoid_area
from pathway.clock import add_months, utcnow
from pathway.extensions import db
from pathway.notifications.models import CANDIDATE
from pathway.notifications.services import notify
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.models import InterviewBreach, Placement, RetentionCheck
from pathway.placements.nominations import decline_nomination
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import EndedBy, LeaveReason
from tests.factories import TODAY

NAME = "Zephyrine"
BORN = add_months(TODAY, -12 * 40 - 5)  # 40 years and 5 months ago
# What erasure must remove, by where it was written.
WRITTEN = {
    "first name": NAME,
    "availability": "Mornings-Xanadu",
    "adjustments": "Adjust-Quokka",
    "witness": "Witness-Brimble",
    "avoid area": "Jorvikby",
    "review note": "Review-Frobnitz",
    "decline note": "Decline-Hobble",
    "stage event note": "Event-Gazump",
}


@dataclass
class Held:
    candidate: Candidate
    placement: Placement


@pytest.fixture
def held(world, make) -> Held:
    """World's coach's client, with consent, an area to avoid, a weekly review, a declined
    nomination, an ended placement with a follow-up and a missed guarantee, and notices."""
    coach = world.coach
    candidate = make.candidate(
        coach,
        first_name=NAME,
        date_of_birth=BORN,
        availability=WRITTEN["availability"],
        adjustments=WRITTEN["adjustments"],
        region="Yorkshire",
    )
    record_consent(
        candidate,
        ConsentScope.CASE_STUDY,
        coach,
        TODAY,
        ConsentMethod.VERBAL_WITNESSED,
        witness=WRITTEN["witness"],
        today=TODAY,
    )
    record_avoid_area(candidate, coach, AreaKind.TOWN, WRITTEN["avoid area"], TODAY)
    record_review(
        candidate,
        coach,
        TODAY,
        [AreaScore("Finance", 3, WRITTEN["review note"])],
        True,
        True,
        TODAY,
    )
    db.session.commit()
    warehouse = make.programme(world.employer, [world.site], name="Warehouse")
    declined = make.nomination(candidate, warehouse)
    decline_nomination(declined, world.lead, DeclineReason.OTHER, WRITTEN["decline note"])
    db.session.commit()

    placement = make.placement(candidate, world.programme, world.lead)
    make.advance(
        placement,
        world.lead,
        Action.END,
        ended_by=EndedBy.CANDIDATE,
        reason=LeaveReason.HEALTH,
        note=WRITTEN["stage event note"],
    )
    db.session.add(RetentionCheck(placement_id=placement.id, months=3, due_on=TODAY))
    db.session.add(
        InterviewBreach(
            placement_id=placement.id, training_completed_on=TODAY, deadline=date(2026, 1, 1)
        )
    )
    for link in (f"/candidates/{candidate.id}/reviews", f"/placements/{placement.id}"):
        notify(
            [coach, world.manager],
            NoticeKind.REVIEW_OVERDUE,
            f"test:{link}",
            f"No weekly review for {CANDIDATE} lately.",
            link,
            utcnow(),
            about=candidate,
        )
    db.session.commit()
    record_audit("view", "candidate", candidate.id, user=world.manager)  # written at once
    return Held(candidate, placement)
