"""People are told what happened: each decision and placement event becomes a notice for
whoever must act on or know of it - once, never to the person who did it, naming the
candidate only as the access policy allows when the notice is read."""

from __future__ import annotations

from pathway.auth.models import Role
from pathway.candidates.consent import PlacementChoice, withdraw_consent
from pathway.candidates.models import ConsentMethod, ConsentScope, DeclineReason
from pathway.clock import today_london
from pathway.extensions import db
from pathway.notifications.services import notices_for
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.news import tell_event
from pathway.placements.nominations import decline_nomination
from pathway.placements.pausing import pause_placement, resume_placement
from pathway.placements.services import transfer_placement
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason
from tests.factories import through_stage


def texts(user, kind=None) -> list[str]:
    return [n.text for n in notices_for(user) if kind is None or n.kind is kind]


def test_a_new_nomination_is_told_to_the_partnership_leads_not_to_the_coach(world, make):
    make.nomination(make.candidate(world.coach, first_name="Blerta"), world.programme)

    assert texts(world.lead, NoticeKind.NOMINATED) == [
        f"Blerta is nominated to {world.programme.name} by {world.provider.name}: decide "
        "where they can start."
    ]
    assert texts(world.coach) == []  # she did it herself


def test_a_decision_is_told_to_the_coach_and_a_new_placement_to_its_sites_managers(world, make):
    declined = make.nomination(make.candidate(world.coach, first_name="Dita"), world.programme)
    decline_nomination(declined, world.lead, DeclineReason.NO_VACANCY, "")
    db.session.commit()
    make.placement(make.candidate(world.coach, first_name="Ema"), world.programme, world.lead)

    assert texts(world.coach, NoticeKind.NOMINATION_DECIDED) == [
        f"Ema's nomination to {world.programme.name} was accepted at {world.site.name}.",
        f"Dita's nomination to {world.programme.name} was declined: "
        "No place available at the moment.",
    ]
    assert texts(world.manager, NoticeKind.NEW_PLACEMENT) == [
        f"Ema starts {world.programme.name} at {world.site.name}: schedule the first stage."
    ]
    assert texts(world.other_manager) == []  # not their site
    assert texts(world.lead, NoticeKind.NEW_PLACEMENT) == []  # the lead accepted it


def test_outcomes_are_told_to_the_coach(world, make):
    hired = make.placement(
        make.candidate(world.coach, first_name="Hana"), world.programme, world.lead
    )
    make.advance(hired, world.manager, *through_stage(3), Action.SCHEDULE, Action.ATTENDED)
    make.advance(
        hired,
        world.manager,
        Action.HIRE,
        contract_type=ContractType.PERMANENT,
        hours_per_week=20,
        start_date=today_london(),
    )
    ended = make.placement(
        make.candidate(world.coach, first_name="Iris"), world.programme, world.lead
    )
    make.advance(
        ended,
        world.manager,
        Action.END,
        reason=LeaveReason.ROLE_NOT_SUITABLE,
        ended_by=EndedBy.CANDIDATE,
    )

    assert texts(world.coach, NoticeKind.OUTCOME) == [
        f"Iris's placement at {world.site.name} ended early.",
        f"Hana was hired at {world.site.name}.",
    ]
    assert texts(world.manager, NoticeKind.OUTCOME) == []  # they recorded it


def test_pausing_resuming_and_moving_are_told_to_the_sites_managers(world, make):
    placement = make.placement(
        make.candidate(world.coach, first_name="Jeta"), world.programme, world.lead
    )
    pause_placement(placement, world.coach)
    resume_placement(placement, world.coach)
    db.session.commit()
    assert texts(world.manager, NoticeKind.PAUSED) == [
        f"Jeta's placement at {world.site.name} goes on again.",
        f"Jeta's placement at {world.site.name} is paused.",
    ]
    transfer_placement(placement, world.other_site, world.lead, placement.version)
    db.session.commit()

    # Moved away: the first site's manager no longer sees whose placement it was.
    assert texts(world.manager, NoticeKind.PAUSED) == [
        f"A candidate's placement at {world.site.name} goes on again.",
        f"A candidate's placement at {world.site.name} is paused.",
    ]
    assert texts(world.other_manager, NoticeKind.NEW_PLACEMENT) == [
        f"Jeta's placement moved to {world.other_site.name}, your site."
    ]
    assert texts(world.coach, NoticeKind.MOVED) == [
        f"Jeta's placement moved to {world.other_site.name}."
    ]


def test_an_event_is_told_once(world, make):
    placement = make.placement(make.candidate(world.coach), world.programme, world.lead)
    pause_placement(placement, world.coach)
    db.session.commit()
    event = placement.events[-1]
    tell_event(placement, event, world.coach)
    db.session.commit()
    assert len(texts(world.manager, NoticeKind.PAUSED)) == 1


def test_a_notice_names_no_one_once_consent_to_share_is_withdrawn(world, make):
    candidate = make.candidate(world.coach, first_name="Kaltrina")
    make.placement(candidate, world.programme, world.lead)
    assert "Kaltrina" in texts(world.manager, NoticeKind.NEW_PLACEMENT)[0]

    withdraw_consent(
        candidate,
        ConsentScope.SHARE_WITH_EMPLOYER,
        world.coach,
        today_london(),
        ConsentMethod.SIGNED_FORM,
        placement_choice=PlacementChoice.WITHHOLD,
    )
    db.session.commit()

    assert texts(world.manager, NoticeKind.NEW_PLACEMENT) == [
        f"A candidate starts {world.programme.name} at {world.site.name}: schedule the first stage."
    ]


def test_once_a_nomination_is_decided_the_leads_notice_to_decide_it_is_done(world, make):
    other_lead = make.user(Role.PARTNERSHIP_LEAD, world.employer)
    nomination = make.nomination(make.candidate(world.coach), world.programme)
    assert [n.read_at is not None for n in notices_for(other_lead)] == [False]

    decline_nomination(nomination, world.lead, DeclineReason.NO_VACANCY, "")
    db.session.commit()

    assert [n.read_at is not None for n in notices_for(other_lead)] == [True]
