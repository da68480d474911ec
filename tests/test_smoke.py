from pathway.auth.models import Role
from pathway.placements.transitions import Action
from tests.factories import through_stage


def test_a_placement_goes_through_the_stages(make):
    employer = make.employer()
    programme = make.programme(employer)
    lead = make.user(Role.PARTNERSHIP_LEAD, employer)
    coach = make.user(Role.COACH)
    placement = make.placement(make.candidate(coach), programme, lead)
    make.advance(placement, lead, *through_stage(3), Action.SCHEDULE, Action.ATTENDED)
    assert placement.current_stage.is_interview
    assert [e.kind.value for e in placement.events][:4] == [
        "accepted",
        "scheduled",
        "attended",
        "passed",
    ]
