"""Each caseload row is kept by what was read about the client: any change shows at once."""

from datetime import timedelta

import pytest

from pathway.candidates.models import ConsentMethod
from pathway.candidates.readiness.assessments import AssessmentFacts, record_assessment
from pathway.candidates.reviews.services import DEFAULT_AREAS, AreaScore, record_review
from pathway.candidates.services import withdraw_employer_consent
from pathway.candidates.vocabulary import EnglishLevel
from pathway.clock import today_london
from pathway.employers.services import set_custom_criteria
from pathway.extensions import db
from pathway.placements.transitions import Action

TODAY = today_london()


@pytest.fixture
def iris(world, make):
    return make.candidate(world.coach, first_name="Iris")


def row(client, candidate) -> str:
    page = client.get("/candidates/").get_data(as_text=True)
    start = page.index(f'data-candidate="{candidate.id}"')
    return page[start : page.index("</tr>", start)]


def test_a_new_review_shows_at_once(world, login, iris):
    client = login(world.coach)
    assert "none yet" in row(client, iris)
    scores = [AreaScore(area, 2) for area in DEFAULT_AREAS]
    record_review(iris, world.coach, TODAY, scores, True, True, TODAY)
    db.session.commit()
    shown = row(client, iris)
    assert "none yet" not in shown and 'class="num">2' in shown


def test_a_new_assessment_changes_readiness_at_once(world, login, iris):
    client = login(world.coach)
    assert "Fresh Start" in row(client, iris)  # ready for it
    facts = AssessmentFacts.of(iris, TODAY)
    lower = AssessmentFacts(**{**facts.__dict__, "english_level": EnglishLevel.ENTRY_1})
    record_assessment(iris, world.coach, lower, TODAY)
    db.session.commit()
    shown = row(client, iris)
    assert "not ready" in shown and "Fresh Start" not in shown


def test_a_programmes_new_criterion_changes_readiness_at_once(world, login, iris):
    client = login(world.coach)
    assert "Fresh Start" in row(client, iris)
    set_custom_criteria(world.programme, ["Has a bank account"])
    db.session.commit()
    shown = row(client, iris)
    assert "needs re-check" in shown and "Fresh Start" not in shown


def test_a_stage_update_and_a_withdrawn_consent_show_at_once(world, make, login, iris):
    placement = make.placement(iris, world.programme, world.lead)
    client = login(world.coach)
    assert "to schedule" in row(client, iris)
    day = TODAY + timedelta(days=5)
    make.advance(placement, world.manager, Action.SCHEDULE, scheduled_on=day)
    shown = row(client, iris)
    assert "scheduled" in shown and f'datetime="{day.isoformat()}"' in shown
    assert "no consent to share" not in shown
    withdraw_employer_consent(iris, TODAY, world.coach, ConsentMethod.TOLD_COACH)
    db.session.commit()
    assert "no consent to share" in row(client, iris)


def test_a_nomination_and_a_renamed_client_show_at_once(world, make, login, iris):
    client = login(world.coach)
    assert "Nominated to" not in row(client, iris)
    make.nomination(iris, world.programme)
    iris.first_name = "Irys"
    db.session.commit()
    shown = row(client, iris)
    assert "Nominated to Fresh Start" in shown and "Irys" in shown
