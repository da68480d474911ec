"""The attacker who asks again: a figures-only reader (a CR officer) downloads a complete
financial year's figures, waits while records of that year are completed late - a hire, an
interview, a follow-up answered, a consent to be counted withdrawn - and asks for the same
year again, as a page, an export, a draft. Two answers that differ would tell who was
recorded in between: "one more person was hired in 2025/26 since Monday". Every answer must
be the first one, until a partnership lead counts the year again on purpose.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pathway.audit.models import AuditEvent
from pathway.auth.models import Role
from pathway.candidates.consent import withdraw_consent
from pathway.candidates.models import ConsentMethod, ConsentScope
from pathway.extensions import db
from pathway.placements.vocabulary import RetentionAnswer
from pathway.reports.disclosure.control import Policy
from pathway.reports.publishing.snapshots import draft_document, prepare_draft
from tests.reports.builders import AS_OF, YEAR, Scheme

ASKED = {"start": YEAR.start.isoformat(), "end": YEAR.end.isoformat()}
LATER = AS_OF + timedelta(days=40)


@pytest.fixture
def scheme(make):
    coach = make.user(Role.COACH, make.provider("Harbour Light Trust"))
    return Scheme(make, coach, make.employer("Harrow & Vale Stores"))


@pytest.fixture
def year_on_record(scheme, travel):
    """2025/26 as it stood on AS_OF: hires, some not hired, some who ended early."""
    travel(AS_OF)
    hires = [scheme.hired() for _ in range(7)]
    for _ in range(3):
        scheme.not_hired()
    for stages in (1, 2):
        scheme.ended_after(stages)
    scheme.trained()
    return hires


def late_records(scheme, hires) -> None:
    """What is recorded of 2025/26 after it was first read: one of each, about one person."""
    scheme.hired()
    scheme.interviewed()
    scheme.check(hires[0], 6, RetentionAnswer.STILL_IN_WORK)
    withdraw_consent(
        hires[1].candidate,
        ConsentScope.COUNTED_IN_FIGURES,
        scheme.coach,
        LATER,
        ConsentMethod.SIGNED_FORM,
    )
    db.session.commit()


def answers(client) -> dict:
    page = client.get("/figures/", query_string=ASKED)
    exported = client.get("/figures/figures.json", query_string=ASKED)
    csv = client.get("/figures/figures.csv", query_string=ASKED)
    assert page.status_code == exported.status_code == csv.status_code == 200
    return {
        "report": exported.get_json()["report"],
        "csv": csv.get_data(as_text=True),
        "page": _figures_of(page.get_data(as_text=True)),
    }


def _figures_of(page: str) -> str:
    """The report on a page, without what changes with every request (the CSRF token)."""
    start = page.index('<article class="report"')
    return page[start : page.index("</article>", start)]


def test_a_complete_year_reads_the_same_whenever_it_is_asked_for(
    scheme, year_on_record, make, login, travel
):
    officer = make.user(Role.CR_OFFICER, scheme.employer)
    first = answers(login(officer))

    travel(LATER)
    late_records(scheme, year_on_record)
    again = answers(login(officer))
    draft = prepare_draft(scheme.employer, YEAR, officer, Policy(), LATER)
    db.session.commit()

    assert again == first
    assert draft_document(draft)["sections"] == first["report"]["sections"]
    assert first["report"]["as_of"] == AS_OF.isoformat()  # and the reader is told the day
    assert "was counted on 23 November 2026" in login(officer).get(
        "/figures/", query_string=ASKED
    ).get_data(as_text=True)


def test_only_a_partnership_lead_counts_a_year_again_and_then_it_stays_so(
    scheme, year_on_record, make, login, travel
):
    officer = make.user(Role.CR_OFFICER, scheme.employer)
    lead = make.user(Role.PARTNERSHIP_LEAD, scheme.employer)
    first = answers(login(officer))["report"]
    travel(LATER)
    late_records(scheme, year_on_record)

    refused = login(officer).post("/figures/recount", data=ASKED)
    assert refused.status_code == 403
    assert answers(login(officer))["report"] == first

    lead_client = login(lead)
    page = lead_client.get("/figures/", query_string=ASKED).get_data(as_text=True)
    assert "Count this year again" in page
    recounted = lead_client.post("/figures/recount", data=ASKED, follow_redirects=True)
    assert recounted.status_code == 200
    assert "is counted again from the history as it is now" in recounted.get_data(as_text=True)
    audited = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "recount")).all()
    assert [(e.user_id, e.record_type, e.record_id) for e in audited] == [
        (lead.id, "financial_year", YEAR.start.isoformat())
    ]

    travel(LATER + timedelta(days=3))
    now = answers(login(officer))["report"]
    assert now != first and now["as_of"] == LATER.isoformat()
    travel(LATER + timedelta(days=30))
    assert answers(login(officer))["report"] == now


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("2026-04-01", "2027-03-31", "is not over yet"),
        ("2026-01-01", "2026-03-31", "Figures are given for whole financial years"),
    ],
)
def test_a_year_not_complete_cannot_be_counted_again(scheme, make, login, travel, start, end, says):
    travel(AS_OF)
    lead = make.user(Role.PARTNERSHIP_LEAD, scheme.employer)
    refused = login(lead).post("/figures/recount", data={"start": start, "end": end})
    assert refused.status_code == 422
    assert says in refused.get_data(as_text=True)


FOLLOWING = {"start": "2026-04-01", "end": "2027-03-31"}


def test_the_year_before_is_shown_as_it_was_counted(scheme, year_on_record, make, login, travel):
    """A year's report shows the year before it; that column must not drift either."""
    officer = make.user(Role.CR_OFFICER, scheme.employer)
    travel(AS_OF + timedelta(days=200))  # 2026/27 is over now
    before = login(officer).get("/figures/figures.json", query_string=FOLLOWING).get_json()
    late_records(scheme, year_on_record)
    travel(AS_OF + timedelta(days=230))
    after = login(officer).get("/figures/figures.json", query_string=FOLLOWING).get_json()
    assert after["report"] == before["report"]


def test_the_next_years_report_shows_this_year_as_its_own_report_did(scheme, make, login, travel):
    """Read 2025/26; people withdraw consent to be counted; read 2026/27, which shows
    2025/26 beside it. Its "previous" column - counts, medians, those left out, partners -
    must be 2025/26's own report, not 2025/26 counted again (review finding: it differed by
    the withdrawals, and a partner whose one candidate withdrew dropped out of the list)."""
    travel(AS_OF)
    hires = [scheme.hired() for _ in range(12)]
    for _ in range(6):
        scheme.hired(counted=False)  # took part, not counted: those left out
    lonely = Scheme(make, make.user(Role.COACH, make.provider("Lonely Provider")), scheme.employer)
    lonely.programme = scheme.programme
    solo = lonely.hired()
    officer = make.user(Role.CR_OFFICER, scheme.employer)
    year = login(officer).get("/figures/figures.json", query_string=ASKED).get_json()["report"]

    travel(LATER)
    for placement in (solo, hires[0]):
        withdraw_consent(
            placement.candidate,
            ConsentScope.COUNTED_IN_FIGURES,
            placement.candidate.organisation.users[0],
            LATER,
            ConsentMethod.SIGNED_FORM,
        )
    db.session.commit()
    travel(AS_OF + timedelta(days=200))
    following = login(officer).get("/figures/figures.json", query_string=FOLLOWING).get_json()
    beside = following["report"]

    assert beside["left_out"]["previous"] == year["left_out"]["current"]
    assert beside["context"]["previous_partners"] == year["context"]["partners"]
    assert "Lonely Provider" in year["context"]["partners"]
    for section, theirs in zip(beside["sections"], year["sections"], strict=True):
        own = {row["key"]: row for row in theirs["rows"]}
        for row in section["rows"]:
            if row["key"] in own:
                shown = row["values"]["total"]["previous"]
                assert shown == own[row["key"]]["values"]["total"]["current"], row["key"]
