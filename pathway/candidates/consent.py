"""Consent by scope: given and withdrawn on a date, by whom, and how.

Withdrawing consent to share with an employer hides the candidate's details from every
employer view at once (the access policy reads the consent in force). Each open placement
records it in its history, and carries on with details withheld or is paused: the coach's
choice.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from pathway.auth.models import User
from pathway.candidates.models import Candidate, Consent, ConsentMethod, ConsentScope
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.pausing import pause_placement, record_consent_change
from pathway.placements.vocabulary import EventKind, Outcome
from pathway.refusals import ActionRefused
from pathway.vocabulary import Labelled

GIVING_METHODS = (ConsentMethod.SIGNED_FORM, ConsentMethod.VERBAL_WITNESSED)


class PlacementChoice(Labelled):
    """What happens to open placements when consent to share with an employer is withdrawn."""

    WITHHOLD = "withhold", "Continue, with the candidate's details withheld"
    PAUSE = "pause", "Pause the placement until I resume it"


def open_placements(candidate: Candidate) -> list[Placement]:
    query = select(Placement).where(
        Placement.candidate_id == candidate.id, Placement.outcome == Outcome.IN_PROGRESS
    )
    return list(db.session.scalars(query.order_by(Placement.id)))


def record_consent(
    candidate: Candidate,
    scope: ConsentScope,
    recorded_by: User,
    given_on: date,
    method: ConsentMethod,
    witness: str = "",
    share_first_name: bool = False,
    share_availability: bool = False,
    share_adjustments: bool = False,
    today: date | None = None,
) -> Consent:
    """Record consent for ``scope``; it replaces any consent in force for the same scope."""
    if method not in GIVING_METHODS:
        raise ActionRefused("Consent is given on a signed form, or verbally with a witness.")
    if method is ConsentMethod.VERBAL_WITNESSED and not witness.strip():
        raise ActionRefused("Verbal consent needs the name of the witness.")
    if today is not None and given_on > today:
        raise ActionRefused("Consent cannot be dated in the future.")
    was_sharing = candidate.employer_consent is not None
    for consent in candidate.consents:
        if consent.scope is scope and consent.in_force:
            consent.withdrawn_on = given_on  # replaced: no withdrawal method is recorded
    sharing = scope is ConsentScope.SHARE_WITH_EMPLOYER
    consent = Consent(
        candidate=candidate,
        scope=scope,
        given_on=given_on,
        method=method,
        witness=witness.strip(),
        recorded_by_id=recorded_by.id,
        share_first_name=sharing and share_first_name,
        share_availability=sharing and share_availability,
        share_adjustments=sharing and share_adjustments,
    )
    db.session.add(consent)
    if sharing and not was_sharing:
        for placement in open_placements(candidate):
            record_consent_change(placement, EventKind.CONSENT_GIVEN, recorded_by)
    db.session.flush()
    return consent


def withdraw_consent(
    candidate: Candidate,
    scope: ConsentScope,
    withdrawn_by: User,
    on: date,
    method: ConsentMethod,
    placement_choice: PlacementChoice | None = None,
    today: date | None = None,
) -> Consent:
    """Withdraw the consent in force for ``scope``; refused with a reason if there is none."""
    consent = candidate.consent_in_force(scope)
    if consent is None:
        raise ActionRefused(f"There is no consent in force to withdraw: {scope.label.lower()}.")
    if today is not None and on > today:
        raise ActionRefused("A withdrawal cannot be dated in the future.")
    if on < consent.given_on:
        raise ActionRefused(
            f"Consent was given on {consent.given_on:%d %b %Y}: it cannot be withdrawn before that."
        )
    placements = open_placements(candidate) if scope is ConsentScope.SHARE_WITH_EMPLOYER else []
    if placements and placement_choice is None:
        raise ActionRefused(
            "Choose whether their placement continues with details withheld or is paused."
        )
    consent.withdrawn_on = on
    consent.withdrawn_by_id = withdrawn_by.id
    consent.withdrawal_method = method
    for placement in placements:
        record_consent_change(placement, EventKind.CONSENT_WITHDRAWN, withdrawn_by)
        if placement_choice is PlacementChoice.PAUSE and not placement.is_paused:
            pause_placement(placement, withdrawn_by)
    db.session.flush()
    return consent


def consent_history(candidate: Candidate, scope: ConsentScope) -> list[Consent]:
    """Every consent for ``scope``, the latest first."""
    return sorted(
        (c for c in candidate.consents if c.scope is scope),
        key=lambda c: (c.given_on, c.id),
        reverse=True,
    )
