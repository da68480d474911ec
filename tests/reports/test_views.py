import csv
import io
from datetime import date

import pytest

from pathway.auth.models import Role
from pathway.clock import today_london
from pathway.placements.transitions import Action
from pathway.reports.forms import last_twelve_months
from tests.reports.builders import Scheme

QUARTER = {"start": "2026-01-01", "end": "2026-03-31"}
NAMES = ("Zanzibarina", "Quillonetta", "Marvelousz")


@pytest.fixture
def scheme(make):
    return Scheme(make, make.user(Role.COACH))


@pytest.fixture
def officer(make, scheme):
    return make.user(Role.CR_OFFICER, scheme.employer)


@pytest.fixture
def people(scheme):
    """Three candidates hired and one who only started, with names that stand out."""
    placements = [scheme.hired(first_name=name) for name in NAMES]
    placements.append(scheme.place(first_name="Xylophonia"))
    scheme.record(placements[-1], Action.SCHEDULE, Action.ATTENDED)
    return [placement.candidate for placement in placements]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_cr_officer_sees_the_figures_of_the_period_with_small_counts_suppressed(
    login, officer, people
):
    response = login(officer).get("/figures/", query_string=QUARTER)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert officer.organisation.name in page
    assert "From 01 January 2026 to 31 March 2026" in page
    assert "Counts from 1 to 4 are shown as &#39;fewer than 5&#39;" in page
    assert '<td>Hired</td><td class="num">fewer than 5</td>' in page
    assert '<td>Completed: Meet and greet</td><td class="num">fewer than 5</td>' in page
    assert "Placements whose candidate attended the guaranteed interview." in page
    assert 'href="/figures/figures.csv?start=2026-01-01&amp;end=2026-03-31"' in page


def test_the_threshold_comes_from_the_configuration(app, login, officer, people):
    app.config["DISCLOSURE_THRESHOLD"] = 3

    page = login(officer).get("/figures/", query_string=QUARTER).get_data(as_text=True)

    assert '<td>Hired</td><td class="num">3</td>' in page
    assert '<td>Started the programme</td><td class="num">4</td>' in page
    assert "Counts from 1 to 2 are shown as &#39;fewer than 3&#39;" in page


def test_the_page_and_the_csv_name_no_one(login, officer, people):
    client = login(officer)
    page = client.get("/figures/", query_string=QUARTER).get_data(as_text=True)
    export = client.get("/figures/figures.csv", query_string=QUARTER).get_data(as_text=True)

    for candidate in people:
        for text in (page, export):
            assert candidate.first_name not in text
            assert candidate.reference not in text


def test_the_csv_holds_the_same_published_values(login, officer, people):
    response = login(officer).get("/figures/figures.csv", query_string=QUARTER)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="pathway-figures-2026-01-01-2026-03-31.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["section", "figure", "value"]
    assert ["Period", "From", "2026-01-01"] in rows
    assert ["Interview and outcome", "Hired", "fewer than 5"] in rows
    assert ["Started and stages completed", "Completed: Shadow day", "fewer than 5"] in rows
    assert ["Interview and outcome", "Not hired", "0"] in rows
    assert all(row[2] == "0" or not row[2].isdigit() for row in rows[3:])


def test_the_figures_are_only_of_the_officers_own_employer(make, login, people):
    stranger = make.user(Role.CR_OFFICER, make.employer())

    rows = csv_rows(login(stranger).get("/figures/figures.csv", query_string=QUARTER))

    assert ["Interview and outcome", "Hired", "0"] in rows
    assert ["Nominations", "Candidates nominated", "0"] in rows


def test_without_dates_the_page_shows_the_last_twelve_months(login, officer):
    start, end = last_twelve_months(today_london())

    response = login(officer).get("/figures/")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="{start.isoformat()}"' in page
    assert f'value="{end.isoformat()}"' in page
    assert f"start={start.isoformat()}&amp;end={end.isoformat()}" in page


@pytest.mark.parametrize(
    ("today", "start"),
    [(date(2026, 11, 23), date(2025, 11, 24)), (date(2028, 2, 29), date(2027, 3, 1))],
)
def test_the_last_twelve_months_end_today(today, start):
    assert last_twelve_months(today) == (start, today)


@pytest.mark.parametrize("url", ["/figures/", "/figures/figures.csv"])
def test_an_end_before_the_start_is_refused_beside_the_field(login, officer, url):
    response = login(officer).get(url, query_string={"start": "2026-03-01", "end": "2026-02-01"})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="end-error">The last day must be on or after the first day.' in page
    assert 'value="2026-03-01"' in page and 'value="2026-02-01"' in page
    assert "Download CSV" not in page


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

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error"' in page
    assert f'value="{query["start"]}"' in page


@pytest.mark.parametrize("role", [Role.COACH, Role.PARTNERSHIP_LEAD, Role.SITE_MANAGER, Role.ADMIN])
@pytest.mark.parametrize("url", ["/figures/", "/figures/figures.csv"])
def test_other_roles_may_not_see_figures(make, login, scheme, role, url):
    organisation = None if role in (Role.COACH, Role.ADMIN) else scheme.employer
    user = make.user(role, organisation)

    assert login(user).get(url, query_string=QUARTER).status_code == 403


@pytest.mark.parametrize("url", ["/figures/", "/figures/figures.csv"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url, query_string=QUARTER)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
