"""A candidate's page issues the same statements however much is recorded about them and
however many programmes and sites there are."""

from datetime import timedelta

from pathway.auth.models import Role
from pathway.candidates.models import AreaKind, ConsentMethod
from pathway.candidates.readiness.assessments import AssessmentFacts, record_assessment
from pathway.candidates.reviews.services import DEFAULT_AREAS, AreaScore, record_review
from pathway.candidates.safety import record_avoid_area
from pathway.candidates.services import record_employer_consent
from pathway.clock import today_london
from pathway.extensions import db
from tests.candidates.test_caseload import count_queries, more_programmes

TODAY = today_london()


def test_candidate_page_query_count_does_not_grow(world, make, login):
    candidate = make.candidate(world.coach, first_name="Iris")
    client = login(world.coach)
    url = f"/candidates/{candidate.id}"
    plain = count_queries(client, url)

    # many programmes at many sites, placements on some, nominations to others
    programmes = more_programmes(world, make, 5, sites_each=20)
    candidate.custom_answers = {str(c.id): True for p in programmes for c in p.custom_criteria}
    make.placement(candidate, programmes[0], world.lead)
    make.nomination(candidate, programmes[1])
    # recorded by several coaches: reviews, assessments, consents, areas to avoid
    others = [make.user(Role.COACH, world.provider) for _ in range(3)]
    for i, coach in enumerate(others):
        day = TODAY - timedelta(days=7 * (i + 1))
        scores = [AreaScore(area, 3) for area in DEFAULT_AREAS]
        record_review(candidate, coach, day, scores, True, True, TODAY)
        record_assessment(candidate, coach, AssessmentFacts.of(candidate, day), TODAY)
        record_employer_consent(candidate, coach, day, ConsentMethod.SIGNED_FORM, True, i > 0, True)
        record_avoid_area(candidate, coach, AreaKind.TOWN, f"Town {i}", TODAY)
    db.session.commit()

    full = count_queries(client, url)
    assert len(full) == len(plain), "\n".join(full)
    page = client.get(url).get_data(as_text=True)
    assert "Route 4" in page and "Town 2" in page  # all of it is on the page
