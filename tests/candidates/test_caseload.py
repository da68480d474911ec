"""The caseload: what needs doing for every client, sortable and filterable, in a fixed
number of queries however many clients there are."""

from datetime import timedelta

from sqlalchemy import event

from pathway.candidates.caseload import filter_rows, load_caseload, sort_rows
from pathway.candidates.readiness.rules import ReadinessState
from pathway.candidates.reviews.services import DEFAULT_AREAS, AreaScore, record_review
from pathway.candidates.vocabulary import EnglishLevel
from pathway.clock import today_london
from pathway.extensions import db
from pathway.placements.transitions import Action

TODAY = today_london()


def review(candidate, coach, days_ago: int, score: int) -> None:
    scores = [AreaScore(area, score) for area in DEFAULT_AREAS]
    record_review(candidate, coach, TODAY - timedelta(days=days_ago), scores, True, True, TODAY)
    db.session.commit()


def people(world, make):
    """Bea: improving and reviewed; Cal: stale English, never reviewed; Ada: on a programme."""
    bea = make.candidate(world.coach, first_name="Bea")
    review(bea, world.coach, 10, 4)
    review(bea, world.coach, 3, 2)
    cal = make.candidate(
        world.coach,
        first_name="Cal",
        english_assessed_on=TODAY - timedelta(days=300),
        english_level=EnglishLevel.ENTRY_3,
    )
    cal.created_at -= timedelta(days=30)
    db.session.commit()
    ada = make.candidate(world.coach, first_name="Ada")
    placement = make.placement(ada, world.programme, world.lead)
    make.advance(placement, world.manager, Action.SCHEDULE, scheduled_on=TODAY + timedelta(days=4))
    review(ada, world.coach, 1, 3)
    return bea, cal, ada


def names(rows) -> list[str]:
    return [row.candidate.first_name for row in rows]


def test_each_row_says_what_needs_doing(world, make):
    people(world, make)
    rows, programmes = load_caseload(world.coach, TODAY)
    by_name = {row.candidate.first_name: row for row in rows}
    bea, cal, ada = by_name["Bea"], by_name["Cal"], by_name["Ada"]
    assert bea.state is ReadinessState.READY and bea.ready_for == ["Fresh Start"]
    assert bea.need.latest == 2 and bea.need.direction == "down" and not bea.overdue
    assert cal.state is ReadinessState.NEEDS_RECHECK and cal.need is None and cal.overdue
    assert cal.stale and cal.stale[0].startswith("English re-assessment overdue since")
    assert ada.on_programme and ada.next_date == TODAY + timedelta(days=4)


def test_filters_and_sorts_are_plain_functions(world, make):
    people(world, make)
    rows, _ = load_caseload(world.coach, TODAY)
    assert names(filter_rows(rows, "overdue")) == ["Cal"]
    assert names(filter_rows(rows, "stale")) == ["Cal"]
    assert names(filter_rows(rows, "recheck")) == ["Cal"]
    assert names(filter_rows(rows, "on_programme")) == ["Ada"]
    assert names(filter_rows(rows, "nonsense")) == names(rows)
    assert names(sort_rows(rows, "name")) == ["Ada", "Bea", "Cal"]
    assert names(sort_rows(rows, "name", descending=True)) == ["Cal", "Bea", "Ada"]
    assert names(sort_rows(rows, "need")) == ["Bea", "Ada", "Cal"]  # no reviews last
    assert names(sort_rows(rows, "need", descending=True)) == ["Ada", "Bea", "Cal"]
    assert names(sort_rows(rows, "next")) == ["Ada", "Bea", "Cal"]


def test_the_caseload_page_sorts_and_filters_with_plain_links(world, make, login):
    people(world, make)
    client = login(world.coach)
    page = client.get("/candidates/?sort=need&order=desc").get_data(as_text=True)
    assert page.index(">Ada<") < page.index(">Bea<") < page.index(">Cal<")
    assert 'aria-sort="descending"' in page
    assert "&darr; down" in page and "review overdue" in page
    only = client.get("/candidates/?show=stale").get_data(as_text=True)
    assert ">Cal<" in only and ">Bea<" not in only and "1 of 3 shown" in only
    odd = client.get("/candidates/?sort=drop+table&show=%3Cx%3E")
    assert odd.status_code == 200  # unknown choices fall back to the defaults


def count_queries(client, url) -> list[str]:
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return statements


def test_caseload_query_count_does_not_grow_with_clients(world, make, login):
    def add(n):
        for i in range(n):
            candidate = make.candidate(world.coach)
            if i % 3 == 0:
                review(candidate, world.coach, 2, 3)
            if i % 5 == 0:
                make.nomination(candidate, world.programme)

    add(5)
    client = login(world.coach)
    five = count_queries(client, "/candidates/?sort=need")
    add(195)
    two_hundred = count_queries(client, "/candidates/?sort=need")
    assert len(two_hundred) == len(five), "\n".join(two_hundred)


def more_programmes(world, make, n: int, sites_each: int) -> list:
    """``n`` more programmes, each at its own employer's ``sites_each`` sites, with their own
    criteria, and clients placed on and nominated to them."""
    programmes = []
    for i in range(n):
        employer = make.employer()
        sites = [make.site(employer) for _ in range(sites_each)]
        programme = make.programme(
            employer, sites, name=f"Route {i}", custom_criteria=[f"Can start on Mondays {i}"]
        )
        answers = {str(c.id): True for c in programme.custom_criteria}
        placed = make.candidate(world.coach, custom_answers=answers)
        make.placement(placed, programme, world.lead, site=sites[-1])
        make.nomination(make.candidate(world.coach, custom_answers=answers), programme)
        programmes.append(programme)
    return programmes


def test_caseload_query_count_does_not_grow_with_programmes_or_sites(world, make, login):
    make.placement(make.candidate(world.coach), world.programme, world.lead)
    make.nomination(make.candidate(world.coach), world.programme)
    client = login(world.coach)
    one = count_queries(client, "/candidates/")
    more_programmes(world, make, 6, sites_each=25)
    seven = count_queries(client, "/candidates/")
    assert len(seven) == len(one), "\n".join(seven)
    page = client.get("/candidates/").get_data(as_text=True)
    assert "Route 5" in page  # the new programmes are on the page
