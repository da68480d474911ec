from datetime import timedelta

from pathway.candidates.models import Candidate, NominationStatus
from pathway.clock import add_months
from pathway.extensions import db
from tests.factories import TODAY

CANDIDATE_FORM = {
    "first_name": "Blerta",
    "date_of_birth": add_months(TODAY, -12 * 32).isoformat(),
    "english_level": "entry_3",
    "english_assessed_on": (TODAY - timedelta(days=90)).isoformat(),
    "right_to_work": "settled",
    "nrm_decision": "positive_conclusive",
    "availability": "Weekday mornings",
    "adjustments": "",
}


def test_coach_records_a_candidate_with_a_generated_reference(world, login):
    client = login(world.coach)
    response = client.post("/candidates/new", data=CANDIDATE_FORM)
    assert response.status_code == 302
    candidate = db.session.scalars(db.select(Candidate)).one()
    prefix = world.provider.reference_prefix
    assert candidate.reference.startswith(f"{prefix}-") and candidate.reference.endswith("-0001")
    page = client.get(response.location).get_data(as_text=True)
    assert "Blerta" in page
    assert "No consent in force" in page


def test_bad_candidate_form_keeps_what_was_typed_and_explains_beside_the_field(world, login):
    client = login(world.coach)
    data = dict(CANDIDATE_FORM, date_of_birth="not a date", right_to_work="visa")
    response = client.post("/candidates/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Blerta"' in page
    assert "Enter the visa&#39;s expiry date." in page
    assert db.session.scalars(db.select(Candidate)).first() is None


def test_a_name_with_markup_is_shown_as_text(world, login):
    client = login(world.coach)
    response = client.post("/candidates/new", data=dict(CANDIDATE_FORM, first_name="<script>x"))
    page = client.get(response.location).get_data(as_text=True)
    assert "<script>x" not in page
    assert "&lt;script&gt;x" in page


def test_readiness_explains_each_unmet_criterion(world, login, make):
    candidate = make.candidate(world.coach, english_level="entry_2")
    page = login(world.coach).get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "English: Entry 2 (A2) - this programme needs Entry 3 (B1)" in page
    assert "Nominate to" not in page


def test_coach_nominates_a_ready_consenting_candidate(world, login, make):
    candidate = make.candidate(world.coach)
    client = login(world.coach)
    response = client.post(
        f"/candidates/{candidate.id}/nominate", data={"programme_id": world.programme.id}
    )
    assert response.status_code == 302
    assert [n.status for n in candidate.nominations] == [NominationStatus.PENDING]
    again = client.post(
        f"/candidates/{candidate.id}/nominate", data={"programme_id": world.programme.id}
    )
    assert again.status_code == 422
    assert "Already nominated to this programme" in again.get_data(as_text=True)


def test_nomination_is_refused_without_consent_and_says_why(world, login, make):
    candidate = make.candidate(world.coach, consent=False)
    response = login(world.coach).post(
        f"/candidates/{candidate.id}/nominate", data={"programme_id": world.programme.id}
    )
    assert response.status_code == 422
    assert "no consent to share details with an employer" in response.get_data(as_text=True)
    assert candidate.nominations == []


def test_withdrawing_consent_hides_details_from_the_employer(world, login, make):
    candidate = make.candidate(world.coach, first_name="Thanh")
    nomination = make.nomination(candidate, world.programme)
    page = login(world.lead).get(f"/placements/nominations/{nomination.id}")
    assert "Thanh" in page.get_data(as_text=True)
    withdrawn = login(world.coach).post(
        f"/candidates/{candidate.id}/consent/withdraw", data={"method": "told_coach"}
    )
    assert withdrawn.status_code == 302
    page = login(world.lead).get(f"/placements/nominations/{nomination.id}")
    assert "Thanh" not in page.get_data(as_text=True)
    assert "Candidate details withheld" in page.get_data(as_text=True)


def test_coach_of_another_organisation_gets_404(world, login, make):
    candidate = make.candidate(world.coach)
    client = login(world.other_coach)
    assert client.get(f"/candidates/{candidate.id}").status_code == 404
    assert client.post(f"/candidates/{candidate.id}/consent/withdraw").status_code == 404
    assert client.get("/candidates/999999").status_code == 404


def test_consent_form_records_what_may_be_shared(world, login, make):
    candidate = make.candidate(world.coach, consent=False)
    response = login(world.coach).post(
        f"/candidates/{candidate.id}/consent",
        data={
            "given_on": (TODAY - timedelta(days=30)).isoformat(),
            "method": "signed_form",
            "share_first_name": "y",
        },
    )
    assert response.status_code == 302
    consent = candidate.employer_consent
    assert consent.share_first_name and not consent.share_availability


def test_a_refused_form_says_so_in_its_title_and_links_each_error_to_its_field(world, login):
    """GOV.UK-style: the summary takes the focus and lists each error as a link to its
    field; the page's title starts with "Error:"; what was typed is kept."""
    data = dict(CANDIDATE_FORM, first_name="", date_of_birth="not a date")
    response = login(world.coach).post("/candidates/new", data=data)
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "<title>Error: Record a candidate - Pathway</title>" in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert '<a href="#first_name">' in summary and '<a href="#date_of_birth">' in summary
    assert 'value="Weekday mornings"' in page
    ok = login(world.coach).get("/candidates/new").get_data(as_text=True)
    assert "<title>Record a candidate - Pathway</title>" in ok
