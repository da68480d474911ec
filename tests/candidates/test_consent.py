"""Consent by scope, and what withdrawing consent to share does to a placement under way."""

from datetime import timedelta

import pytest

from pathway.candidates.consent import PlacementChoice, record_consent, withdraw_consent
from pathway.candidates.models import ConsentMethod, ConsentScope
from pathway.clock import today_london
from pathway.extensions import db
from pathway.placements.vocabulary import EventKind, StageStatus
from pathway.refusals import ActionRefused

TODAY = today_london()


@pytest.fixture
def placement(world, make):
    candidate = make.candidate(world.coach, first_name="Thanh")
    return make.placement(candidate, world.programme, world.lead)


def kinds(placement) -> list[EventKind]:
    db.session.refresh(placement)
    return [event.kind for event in placement.events]


def test_each_scope_is_recorded_and_withdrawn_on_its_own(world, make):
    candidate = make.candidate(world.coach)
    record_consent(
        candidate, ConsentScope.CASE_STUDY, world.coach, TODAY, ConsentMethod.SIGNED_FORM
    )
    counted = record_consent(
        candidate,
        ConsentScope.COUNTED_IN_FIGURES,
        world.coach,
        TODAY,
        ConsentMethod.VERBAL_WITNESSED,
        witness="Ruth, volunteer",
    )
    withdraw_consent(
        candidate, ConsentScope.CASE_STUDY, world.coach, TODAY, ConsentMethod.TOLD_COACH
    )
    db.session.commit()
    assert candidate.consent_in_force(ConsentScope.CASE_STUDY) is None
    assert candidate.consent_in_force(ConsentScope.COUNTED_IN_FIGURES) is counted
    assert candidate.employer_consent is not None  # the factory's, untouched
    (case_study,) = [c for c in candidate.consents if c.scope is ConsentScope.CASE_STUDY]
    assert case_study.withdrawn_by_id == world.coach.id
    assert case_study.withdrawal_method is ConsentMethod.TOLD_COACH


def test_verbal_consent_needs_a_witness_and_nothing_can_be_withdrawn_twice(world, make):
    candidate = make.candidate(world.coach, consent=False)
    with pytest.raises(ActionRefused, match="witness"):
        record_consent(
            candidate, ConsentScope.CASE_STUDY, world.coach, TODAY, ConsentMethod.VERBAL_WITNESSED
        )
    with pytest.raises(ActionRefused, match="no consent in force to withdraw"):
        withdraw_consent(
            candidate, ConsentScope.CASE_STUDY, world.coach, TODAY, ConsentMethod.TOLD_COACH
        )


def test_withdrawing_before_consent_was_given_is_refused(world, make):
    candidate = make.candidate(world.coach)
    given = candidate.employer_consent.given_on
    with pytest.raises(ActionRefused, match="cannot be withdrawn before that"):
        withdraw_consent(
            candidate,
            ConsentScope.SHARE_WITH_EMPLOYER,
            world.coach,
            given - timedelta(days=1),
            ConsentMethod.TOLD_COACH,
        )


def test_with_a_placement_under_way_the_coach_must_choose_what_happens(world, placement):
    with pytest.raises(ActionRefused, match="continues with details withheld or is paused"):
        withdraw_consent(
            placement.candidate,
            ConsentScope.SHARE_WITH_EMPLOYER,
            world.coach,
            TODAY,
            ConsentMethod.TOLD_COACH,
        )


def test_details_withheld_the_placement_continues_and_history_says_so(
    world, make, login, placement
):
    withdraw_consent(
        placement.candidate,
        ConsentScope.SHARE_WITH_EMPLOYER,
        world.coach,
        TODAY,
        ConsentMethod.TOLD_COACH,
        PlacementChoice.WITHHOLD,
    )
    db.session.commit()
    assert kinds(placement)[-1] is EventKind.CONSENT_WITHDRAWN
    manager = login(world.manager)
    for url in ("/placements/board", "/placements/", f"/placements/{placement.id}"):
        page = manager.get(url).get_data(as_text=True)
        assert "Candidate details withheld" in page, url
        assert "Thanh" not in page and "Weekday mornings" not in page, url
    response = manager.post(
        f"/placements/{placement.id}/schedule",
        data={"version": placement.version, "scheduled_on": TODAY.isoformat()},
    )
    assert response.status_code == 302  # it carries on


def test_a_paused_placement_refuses_stage_actions_until_the_coach_resumes_it(
    world, login, placement
):
    response = login(world.coach).post(
        f"/candidates/{placement.candidate_id}/consent/withdraw",
        data={"method": "told_coach", "placement_choice": "pause"},
    )
    assert response.status_code == 302
    db.session.refresh(placement)
    assert placement.is_paused
    assert kinds(placement)[-2:] == [EventKind.CONSENT_WITHDRAWN, EventKind.PAUSED]

    manager = login(world.manager)
    refused = manager.post(
        f"/placements/{placement.id}/schedule",
        data={"version": placement.version, "scheduled_on": TODAY.isoformat()},
    )
    assert refused.status_code == 422
    assert "paused by the candidate&#39;s coach" in refused.get_data(as_text=True)
    assert "paused" in manager.get("/placements/board").get_data(as_text=True)

    coach = login(world.coach)
    url = f"/candidates/{placement.candidate_id}/placements/{placement.id}/resume"
    assert coach.post(url).status_code == 302
    db.session.refresh(placement)
    assert not placement.is_paused and kinds(placement)[-1] is EventKind.RESUMED
    scheduled = manager.post(
        f"/placements/{placement.id}/schedule",
        data={"version": placement.version, "scheduled_on": TODAY.isoformat()},
    )
    assert scheduled.status_code == 302
    db.session.refresh(placement)
    assert placement.stage_status is StageStatus.SCHEDULED


def test_resuming_is_only_for_the_candidates_own_coaches(world, login, placement):
    url = f"/candidates/{placement.candidate_id}/placements/{placement.id}/resume"
    assert login(world.other_coach).post(url).status_code == 404
    assert login(world.manager).post(url).status_code == 403
    not_paused = login(world.coach).post(url)
    assert not_paused.status_code == 422
    assert "This placement is not paused." in not_paused.get_data(as_text=True)


def test_consent_given_again_shows_the_details_and_says_so_in_the_history(world, login, placement):
    withdraw_consent(
        placement.candidate,
        ConsentScope.SHARE_WITH_EMPLOYER,
        world.coach,
        TODAY,
        ConsentMethod.TOLD_COACH,
        PlacementChoice.WITHHOLD,
    )
    db.session.commit()
    response = login(world.coach).post(
        f"/candidates/{placement.candidate_id}/consent",
        data={"given_on": TODAY.isoformat(), "method": "signed_form", "share_first_name": "y"},
    )
    assert response.status_code == 302
    assert kinds(placement)[-1] is EventKind.CONSENT_GIVEN
    page = login(world.manager).get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Thanh" in page


def test_consent_pages_record_any_scope_with_how_and_who(world, make, login):
    candidate = make.candidate(world.coach, consent=False)
    client = login(world.coach)
    page = client.get(f"/candidates/{candidate.id}/consent?scope=case_study").get_data(as_text=True)
    assert '<option selected value="case_study">' in page
    missing_witness = client.post(
        f"/candidates/{candidate.id}/consent",
        data={"scope": "case_study", "given_on": TODAY.isoformat(), "method": "verbal_witnessed"},
    )
    assert missing_witness.status_code == 422
    assert "Give the name of the witness." in missing_witness.get_data(as_text=True)
    future = client.post(
        f"/candidates/{candidate.id}/consent",
        data={
            "scope": "case_study",
            "given_on": (TODAY + timedelta(days=1)).isoformat(),
            "method": "signed_form",
        },
    )
    assert future.status_code == 422
    assert "This date cannot be in the future." in future.get_data(as_text=True)
    ok = client.post(
        f"/candidates/{candidate.id}/consent",
        data={
            "scope": "counted_in_figures",
            "given_on": TODAY.isoformat(),
            "method": "verbal_witnessed",
            "witness": "Ruth, volunteer",
        },
    )
    assert ok.status_code == 302
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "verbal, with a witness, witness Ruth, volunteer" in page
    assert candidate.employer_consent is None  # another scope: still no sharing


def test_withdraw_page_asks_about_the_placement_only_when_there_is_one(world, login, placement):
    client = login(world.coach)
    url = f"/candidates/{placement.candidate_id}/consent/withdraw"
    page = client.get(url).get_data(as_text=True)
    assert "Continue, with the candidate&#39;s details withheld" in page
    no_choice = client.post(url, data={"method": "told_coach"})
    assert no_choice.status_code == 422
    assert "continues with details withheld or is paused" in no_choice.get_data(as_text=True)
    assert placement.candidate.employer_consent is not None  # nothing saved
    other_scope = client.get(url + "?scope=case_study").get_data(as_text=True)
    assert "Continue, with the candidate" not in other_scope


def test_withdrawing_consent_takes_the_name_out_of_notices_employers_already_have(
    world, make, login
):
    from pathway.clock import utcnow
    from pathway.notifications.models import CANDIDATE, Notification
    from pathway.notifications.services import notify
    from pathway.notifications.vocabulary import NoticeKind

    candidate = make.candidate(world.coach, first_name="Ioana")
    placement = make.placement(candidate, world.programme, world.lead)
    notify(
        [world.manager, world.coach],
        NoticeKind.STAGE_REMINDER,
        f"reminder-{placement.id}",
        f"Reminder: {CANDIDATE} - Shadow day tomorrow",
        f"/placements/{placement.id}",
        utcnow(),
        about=candidate,
    )
    db.session.commit()
    manager, coach = login(world.manager), login(world.coach)

    def notices(client) -> str:
        return client.get("/notifications/").get_data(as_text=True)

    assert "Reminder: Ioana - Shadow day tomorrow" in notices(manager)
    assert all("Ioana" not in n.text for n in db.session.scalars(db.select(Notification)))
    withdraw_consent(
        candidate,
        ConsentScope.SHARE_WITH_EMPLOYER,
        world.coach,
        TODAY,
        ConsentMethod.SIGNED_FORM,
        PlacementChoice.WITHHOLD,
    )
    db.session.commit()
    assert "Reminder: a candidate - Shadow day tomorrow" in notices(manager)
    assert "Ioana" not in notices(manager)
    assert "Reminder: Ioana - Shadow day tomorrow" in notices(coach)
