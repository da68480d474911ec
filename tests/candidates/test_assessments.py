"""Readiness assessments: dated history, current facts kept in step, bad input refused whole."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pathway.candidates.models import ReadinessAssessment
from pathway.candidates.readiness.assessments import (
    AssessmentFacts,
    assessment_problems,
    latest_first,
    record_assessment,
)
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.clock import today_london
from pathway.extensions import db
from pathway.refusals import ActionRefused

TODAY = today_london()


def assessments() -> int:
    return db.session.scalar(select(func.count()).select_from(ReadinessAssessment))


def facts(**changes) -> AssessmentFacts:
    base = AssessmentFacts(
        assessed_on=TODAY,
        english_level=EnglishLevel.ENTRY_3,
        english_assessed_on=TODAY - timedelta(days=10),
        right_to_work=RightToWork.VISA,
        nrm_decision=NrmDecision.POSITIVE_CONCLUSIVE,
        right_to_work_checked_on=TODAY - timedelta(days=10),
        visa_issued_on=TODAY - timedelta(days=300),
        visa_expires_on=TODAY + timedelta(days=400),
        commit_weeks=12,
        support_in_place=True,
        move_on_plan=True,
    )
    return replace(base, **changes)


def test_a_new_candidate_has_their_first_assessment_in_the_history(world, make):
    candidate = make.candidate(world.coach)
    (first,) = candidate.assessments
    assert first.assessed_by_id == world.coach.id
    assert first.english_level is candidate.english_level


def test_the_latest_assessment_becomes_the_current_facts_and_the_old_one_is_kept(world, make):
    candidate = make.candidate(world.coach, english_level=EnglishLevel.ENTRY_2)
    record_assessment(candidate, world.coach, facts(english_level=EnglishLevel.LEVEL_1), TODAY)
    db.session.commit()
    assert candidate.english_level is EnglishLevel.LEVEL_1
    assert candidate.right_to_work is RightToWork.VISA
    assert candidate.commit_weeks == 12
    levels = [a.english_level for a in latest_first(candidate)]
    assert levels == [EnglishLevel.LEVEL_1, EnglishLevel.ENTRY_2]


def test_an_assessment_dated_before_the_latest_is_history_only(world, make):
    candidate = make.candidate(world.coach, english_level=EnglishLevel.ENTRY_3)
    earlier = facts(
        assessed_on=TODAY - timedelta(days=200),
        english_assessed_on=TODAY - timedelta(days=210),
        english_level=EnglishLevel.ENTRY_1,
        right_to_work_checked_on=None,
    )
    record_assessment(candidate, world.coach, earlier, TODAY)
    db.session.commit()
    assert candidate.english_level is EnglishLevel.ENTRY_3
    assert len(candidate.assessments) == 2


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (dict(assessed_on=TODAY + timedelta(days=1)), "assessed_on", "in the future"),
        (dict(english_assessed_on=TODAY + timedelta(days=2)), "english_assessed_on", "future"),
        (
            dict(assessed_on=TODAY - timedelta(days=5), english_assessed_on=TODAY),
            "english_assessed_on",
            "after the date of this assessment",
        ),
        (
            dict(
                visa_issued_on=TODAY - timedelta(days=10),
                visa_expires_on=TODAY - timedelta(days=20),
            ),
            "visa_expires_on",
            "cannot expire before it was issued",
        ),
        (dict(visa_issued_on=TODAY + timedelta(days=3)), "visa_issued_on", "issued in the future"),
        (dict(visa_expires_on=None), "visa_expires_on", "expiry date"),
        (dict(right_to_work=RightToWork.SETTLED), "visa_expires_on", "Only a visa has this date"),
        (dict(commit_weeks=-1), "commit_weeks", "from 0 to 520"),
    ],
)
def test_impossible_or_contradictory_facts_are_named_beside_their_field(changes, field, message):
    problems = assessment_problems(facts(**changes), TODAY)
    assert message in problems[field]


def test_a_refused_assessment_saves_nothing(world, make):
    candidate = make.candidate(world.coach)
    before = assessments()
    with pytest.raises(ActionRefused, match="cannot expire before it was issued"):
        record_assessment(
            candidate, world.coach, facts(visa_expires_on=TODAY - timedelta(days=400)), TODAY
        )
    db.session.rollback()
    assert assessments() == before
    assert candidate.right_to_work is RightToWork.SETTLED


# --- the pages ---------------------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {
        "assessed_on": TODAY.isoformat(),
        "english_level": "level_1",
        "english_assessed_on": (TODAY - timedelta(days=3)).isoformat(),
        "right_to_work": "settled",
        "right_to_work_checked_on": (TODAY - timedelta(days=3)).isoformat(),
        "nrm_decision": "positive_conclusive",
        "commit_weeks": "20",
        "support_in_place": "yes",
        "move_on_plan": "yes",
    }
    data.update(changes)
    return data


def test_coach_records_an_assessment_and_sees_it_in_the_history(world, make, login):
    candidate = make.candidate(world.coach)
    client = login(world.coach)
    page = client.get(f"/candidates/{candidate.id}/assess").get_data(as_text=True)
    assert 'value="26"' in page  # starts from the current facts
    response = client.post(f"/candidates/{candidate.id}/assess", data=form_data())
    assert response.status_code == 302
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Assessment history (2)" in page
    assert "Level 1 (B2)" in page


def test_impossible_dates_are_refused_beside_the_fields_and_nothing_is_saved(world, make, login):
    candidate = make.candidate(world.coach)
    before = assessments()
    data = form_data(
        assessed_on=(TODAY + timedelta(days=1)).isoformat(),
        right_to_work="visa",
        visa_issued_on="2026-06-01",
        visa_expires_on="2026-05-01",
        commit_weeks="900",
    )
    response = login(world.coach).post(f"/candidates/{candidate.id}/assess", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="assessed_on-error">An assessment cannot be dated in the future.' in page
    assert 'id="visa_expires_on-error">The visa cannot expire before it was issued.' in page
    assert "Give a number of weeks from 0 to 520." in page
    assert 'value="900"' in page  # what was typed is kept
    assert assessments() == before


def test_visa_dates_for_another_status_are_a_contradiction(world, make, login):
    candidate = make.candidate(world.coach)
    data = form_data(visa_expires_on=(TODAY + timedelta(days=150)).isoformat())
    response = login(world.coach).post(f"/candidates/{candidate.id}/assess", data=data)
    assert response.status_code == 422
    assert "Only a visa has this date" in response.get_data(as_text=True)


def test_a_programmes_own_criteria_are_answered_in_the_assessment(world, make, login):
    programme = make.programme(
        world.employer, [world.site], name="Warehouse", custom_criteria=["Can lift 10kg"]
    )
    (criterion,) = programme.custom_criteria
    candidate = make.candidate(world.coach)
    client = login(world.coach)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Can lift 10kg: not yet assessed" in page
    assert "needs re-check" in page
    data = form_data(**{f"custom_{criterion.id}": "yes"})
    assert client.post(f"/candidates/{candidate.id}/assess", data=data).status_code == 302
    assert candidate.custom_answers == {str(criterion.id): True}
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Nominate to Warehouse" in page


def test_candidate_page_shows_a_verdict_for_every_programme_and_what_would_make_them_ready(
    world, make, login
):
    clerical = dict(name="Clerical", min_english_level=EnglishLevel.LEVEL_1)
    make.programme(world.employer, [world.site], **clerical)
    candidate = make.candidate(world.coach, english_assessed_on=TODAY - timedelta(days=400))
    page = login(world.coach).get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert page.count('class="panel readiness"') == 2
    assert 'data-state="needs_recheck"' in page  # Fresh Start: only the stale English
    assert 'data-state="not_ready"' in page  # Clerical: Entry 3 is below Level 1
    assert "more than 6 months ago - re-assess it" in page
    assert "English: Entry 3 (B1) - this programme needs Level 1 (B2)" in page


def test_new_candidate_form_refuses_a_visa_that_expired_before_it_was_issued(world, login):
    data = {
        "first_name": "Hana",
        "date_of_birth": "1990-01-01",
        "english_level": "entry_3",
        "english_assessed_on": TODAY.isoformat(),
        "right_to_work": "visa",
        "visa_issued_on": "2026-03-01",
        "visa_expires_on": "2025-03-01",
        "nrm_decision": "positive_conclusive",
    }
    response = login(world.coach).post("/candidates/new", data=data)
    assert response.status_code == 422
    assert "The visa cannot expire before it was issued." in response.get_data(as_text=True)
    assert assessments() == 0


def test_editing_details_does_not_touch_the_readiness_facts(world, make, login):
    candidate = make.candidate(world.coach)
    data = {
        "first_name": "Amina",
        "date_of_birth": "1995-04-02",
        "region": "North West",
        "availability": "Afternoons",
        "adjustments": "",
    }
    assert login(world.coach).post(f"/candidates/{candidate.id}/edit", data=data).status_code == 302
    assert candidate.region == "North West" and candidate.availability == "Afternoons"
    assert len(candidate.assessments) == 1
    assert candidate.english_level is EnglishLevel.ENTRY_3
