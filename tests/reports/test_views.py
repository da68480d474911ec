"""The pages: figures for CR officers and partnership leads, the financial year, preparing,
confirming and publishing a report, and who may see what."""

import pytest

from pathway.auth.models import Role
from pathway.clock import today_london
from pathway.extensions import db
from pathway.reports.figures.periods import last_complete_financial_year
from pathway.reports.models import ReportConfirmation, ReportDraft, ReportSnapshot
from tests.reports.builders import Scheme
from tests.reports.conftest import draft_of, publish

YEAR = {"start": "2025-04-01", "end": "2026-03-31"}  # a financial year: the fixed grain


@pytest.fixture
def lead(scheme):
    return scheme.lead


def test_cr_officer_sees_the_figures_of_the_period_with_small_counts_suppressed(
    login, officer, people
):
    response = login(officer).get("/figures/", query_string=YEAR)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Harrow &amp; Vale Stores: survivor employment programme figures" in page
    assert "1 April 2025 to 31 March 2026" in page
    assert "Figures are given for whole, complete financial years only." in page
    assert "Counts from 1 to 4 are shown as &#39;fewer than 5&#39;" in page
    assert '<tr id="row-not_hired">' in page
    row = page.split('<tr id="row-not_hired">')[1].split("</tr>")[0]
    assert '<td class="num small">fewer than 5</td>' in row
    assert "Not published - not for citation" in page
    assert 'href="/figures/figures.pdf?start=2025-04-01&amp;end=2026-03-31"' in page
    assert "Placements that ended with a job offer the candidate accepted." in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="funnel-chart"' in page


def test_a_partnership_lead_sees_the_same_figures(login, lead, people):
    response = login(lead).get("/figures/", query_string=YEAR)

    assert response.status_code == 200
    assert "Prepare this report for publication" in response.get_data(as_text=True)


def test_the_page_and_every_export_name_no_one(login, officer, people):
    client = login(officer)
    bodies = [client.get("/figures/", query_string=YEAR).get_data(as_text=True)]
    for kind in ("csv", "json"):
        bodies.append(
            client.get(f"/figures/figures.{kind}", query_string=YEAR).get_data(as_text=True)
        )

    for candidate in people:
        for body in bodies:
            assert candidate.first_name not in body
            assert candidate.reference not in body


def test_without_dates_the_page_shows_the_last_complete_financial_year(login, officer):
    officer.organisation.financial_year_start_month = 1
    db.session.commit()
    year = last_complete_financial_year(today_london(), 1)

    page = login(officer).get("/figures/").get_data(as_text=True)

    assert f'value="{year.start.isoformat()}"' in page
    assert f'value="{year.end.isoformat()}"' in page
    assert f"(Financial year {year.start.year})" in page


def test_the_financial_year_is_set_by_the_partnership_lead(login, scheme, officer):
    client = login(scheme.lead)
    assert '<option selected value="4">April</option>' in client.get(
        "/figures/financial-year"
    ).get_data(as_text=True)

    response = client.post("/figures/financial-year", data={"start_month": "7"})

    assert response.status_code == 302
    assert scheme.employer.financial_year_start_month == 7
    refused = client.post("/figures/financial-year", data={"start_month": "13"})
    assert refused.status_code == 422
    assert 'class="error"' in refused.get_data(as_text=True)
    # A figures-only reader moving the year would be given years that overlap.
    assert (
        login(officer).post("/figures/financial-year", data={"start_month": "5"}).status_code == 403
    )
    assert "Set your financial year" not in login(officer).get("/figures/").get_data(as_text=True)


def test_a_lead_looking_at_the_figures_may_still_set_the_financial_year(login, scheme, people):
    """The lead's own look counts the year (the "Set your financial year" link is on the
    page), but gives nothing to a figures-only reader: the year may still move, and is
    counted afresh on the new years."""
    client = login(scheme.lead)
    before = client.get("/figures/figures.json", query_string=YEAR).get_json()["report"]
    moved = client.post("/figures/financial-year", data={"start_month": "1"})
    assert moved.status_code == 302
    calendar = {"start": "2025-01-01", "end": "2025-12-31"}
    after = client.get("/figures/figures.json", query_string=calendar).get_json()["report"]
    assert after["financial_year"] == "Financial year 2025" != before["financial_year"]


@pytest.mark.parametrize("given", ["prepared", "read"])
def test_the_financial_year_is_fixed_once_a_years_figures_have_been_given(
    login, scheme, officer, people, given
):
    if given == "prepared":
        draft_of(scheme, officer)
    else:  # a complete year read by a figures-only reader is given out, and kept
        assert login(officer).get("/figures/", query_string=YEAR).status_code == 200
    refused = login(scheme.lead).post("/figures/financial-year", data={"start_month": "1"})

    assert refused.status_code == 422
    assert "cannot change now that figures have been given" in refused.get_data(as_text=True)
    db.session.refresh(scheme.employer)
    assert scheme.employer.financial_year_start_month == 4


@pytest.mark.parametrize("url", ["/figures/", "/figures/figures.csv", "/figures/figures.pdf"])
def test_an_end_before_the_start_is_refused_beside_the_field(login, officer, url):
    response = login(officer).get(url, query_string={"start": "2026-03-01", "end": "2026-02-01"})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="end-error">The last day must be on or after the first day.' in page
    assert 'value="2026-03-01"' in page and 'value="2026-02-01"' in page


@pytest.mark.parametrize(
    "query",
    [
        {"start": "abc", "end": "2026-02-01"},
        {"start": "2026-02-30", "end": "2026-03-01"},
        {"start": "", "end": "2026-03-01"},
        {"start": "1066-10-14", "end": "2026-03-01"},
        {"start": "2026-01-01", "end": "9999-12-31"},
    ],
)
def test_a_date_that_is_not_usable_gives_a_message_not_an_error_page(login, officer, query):
    response = login(officer).get("/figures/", query_string=query)

    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["lead", "officer"])
def test_a_report_is_prepared_only_for_a_whole_financial_year(login, scheme, officer, role):
    client = login(scheme.lead if role == "lead" else officer)
    refused = client.post("/figures/drafts", data={"start": "2026-01-01", "end": "2026-03-31"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Figures are given for whole financial years, such as 1 April 2025 to 31" in page
    assert db.session.query(ReportDraft).count() == 0


def test_preparing_confirming_and_publishing_through_the_pages(login, officer, people, coach, make):
    client = login(officer)
    prepared = client.post("/figures/drafts", data=YEAR)
    assert prepared.status_code == 302
    draft = db.session.query(ReportDraft).one()
    assert prepared.headers["Location"].endswith(f"/figures/drafts/{draft.id}")

    asked = client.post(f"/figures/drafts/{draft.id}/confirmations")
    assert asked.status_code == 302
    confirmation = db.session.query(ReportConfirmation).one()
    partner = login(coach)
    waiting = partner.get("/confirmations/").get_data(as_text=True)
    assert f'href="/confirmations/{confirmation.id}"' in waiting
    assert "Harrow &amp; Vale Stores" in waiting
    confirm_page = partner.get(f"/confirmations/{confirmation.id}").get_data(as_text=True)
    assert "Hired (job offer accepted)" in confirm_page
    assert (
        partner.post(f"/confirmations/{confirmation.id}", data={"answer": "confirmed"}).status_code
        == 302
    )
    assert "Confirmed by Harbour Light Trust on" in client.get(
        f"/figures/drafts/{draft.id}"
    ).get_data(as_text=True)

    unticked = client.post(f"/figures/drafts/{draft.id}/publish", data={"supersedes": ""})
    assert unticked.status_code == 422
    assert "Tick to confirm you have checked the figures." in unticked.get_data(as_text=True)
    published = client.post(
        f"/figures/drafts/{draft.id}/publish", data={"supersedes": "", "understood": "y"}
    )
    assert published.status_code == 302
    snapshot = db.session.query(ReportSnapshot).one()
    page = client.get(published.headers["Location"]).get_data(as_text=True)
    assert f"Report {snapshot.reference}" in page
    assert snapshot.sha256 in page
    assert "Text for your statement" in page
    assert "Confirmed by Harbour Light Trust on" in page
    listing = client.get("/figures/reports/").get_data(as_text=True)
    assert f'href="/figures/reports/{snapshot.reference}"' in listing


def test_a_correction_needs_a_reason_on_the_page(login, scheme, officer, people):
    first = publish(scheme, officer)
    draft = draft_of(scheme, officer)

    response = login(officer).post(
        f"/figures/drafts/{draft.id}/publish",
        data={"supersedes": first.reference, "understood": "y", "reason": ""},
    )

    assert response.status_code == 422
    assert "Say why this report replaces the earlier one." in response.get_data(as_text=True)


def test_a_partner_that_cannot_confirm_must_say_why(login, scheme, officer, people, coach):
    draft = draft_of(scheme, officer)
    login(officer).post(f"/figures/drafts/{draft.id}/confirmations")
    confirmation = db.session.query(ReportConfirmation).one()

    response = login(coach).post(
        f"/confirmations/{confirmation.id}", data={"answer": "not_confirmed", "note": ""}
    )

    assert response.status_code == 422
    assert "Say what does not match your records." in response.get_data(as_text=True)


def test_other_employers_staff_get_404_for_drafts_and_reports(
    make, login, coach, scheme, officer, people
):
    snapshot = publish(scheme, officer)
    draft = draft_of(scheme, officer)
    other = Scheme(make, coach)
    for outsider in (make.user(Role.CR_OFFICER, other.employer), other.lead):
        client = login(outsider)
        for url in (
            f"/figures/drafts/{draft.id}",
            f"/figures/reports/{snapshot.reference}",
            f"/figures/reports/{snapshot.reference}/report.pdf",
        ):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/figures/drafts/{draft.id}/publish").status_code == 404
        assert snapshot.reference not in client.get("/figures/reports/").get_data(as_text=True)


def test_only_the_asked_provider_sees_a_confirmation_request(
    make, login, scheme, officer, people, coach
):
    draft = draft_of(scheme, officer)
    login(officer).post(f"/figures/drafts/{draft.id}/confirmations")
    confirmation = db.session.query(ReportConfirmation).one()
    admin = make.user(Role.ADMIN, coach.organisation)
    outsider = make.user(Role.COACH, make.provider("Elsewhere Trust"))

    assert login(admin).get(f"/confirmations/{confirmation.id}").status_code == 200
    assert login(outsider).get(f"/confirmations/{confirmation.id}").status_code == 404
    assert "Harrow" not in login(outsider).get("/confirmations/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COACH, Role.SITE_MANAGER, Role.ADMIN])
@pytest.mark.parametrize("url", ["/figures/", "/figures/figures.csv", "/figures/reports/"])
def test_other_roles_may_not_see_figures(make, login, scheme, role, url):
    organisation = None if role in (Role.COACH, Role.ADMIN) else scheme.employer
    user = make.user(role, organisation)

    assert login(user).get(url, query_string=YEAR).status_code == 403


@pytest.mark.parametrize("url", ["/figures/", "/figures/figures.csv", "/confirmations/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url, query_string=YEAR)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_lead_may_look_at_a_period_in_the_future_and_is_told_so(login, scheme):
    year = today_london().year + 1
    response = login(scheme.lead).get(
        "/figures/", query_string={"start": f"{year}-01-01", "end": f"{year}-12-31"}
    )

    assert response.status_code == 200
    assert f"1 January {year} to 31 December {year}" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/figures/", "/figures/figures.csv", "/figures/figures.json"])
def test_a_figures_only_reader_gets_whole_financial_years_only_and_is_told_which(
    login, officer, url
):
    """A range finer than the grain is refused with the periods it can show, never figures:
    two ranges a day apart would give that day's figures by subtraction."""
    client = login(officer)
    for start, end in [("2026-01-01", "2026-03-31"), ("2025-04-01", "2026-03-30")]:
        response = client.get(url, query_string={"start": start, "end": end})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Figures are given for whole financial years, such as" in page
        assert "Nominations accepted" not in page
    year = today_london().year + 1
    future = client.get(url, query_string={"start": f"{year}-04-01", "end": f"{year + 1}-03-31"})
    assert future.status_code == 422 and "has not started yet" in future.get_data(as_text=True)
    assert client.get(url, query_string=YEAR).status_code == 200


def test_an_employer_with_no_programme_yet_sees_zeros_not_an_error(make, login):
    newcomer = make.user(Role.CR_OFFICER, make.employer("Newcomer Ltd"))

    response = login(newcomer).get("/figures/", query_string=YEAR)

    assert response.status_code == 200
    assert "Newcomer Ltd: survivor employment programme figures" in response.get_data(as_text=True)
