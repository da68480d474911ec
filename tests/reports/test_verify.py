"""The public check page: what a reader of a statement sees, and what nobody can learn."""

import re

import pytest

from pathway.extensions import db
from pathway.reports.models import ConfirmationAnswer
from pathway.reports.publishing.snapshots import (
    answer_confirmation,
    publish_draft,
    request_confirmations,
)
from tests.reports.conftest import draft_of, publish


def test_anyone_can_check_a_citation_without_signing_in(client, scheme, officer, people):
    snapshot = publish(scheme, officer)

    response = client.get(f"/verify/{snapshot.reference}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Harrow &amp; Vale Stores" in page
    assert "1 April 2025 to 31 March 2026" in page
    assert snapshot.sha256 in page
    assert "This is the current version" in page
    assert '<th scope="row">Hired (job offer accepted)</th><td class="num">6</td>' in page
    assert "fewer than 5" in page or "not shown" in page
    assert "Counts from 1 to 4 are shown as" in page


def test_the_check_page_names_no_one(client, scheme, officer, people, coach):
    snapshot = publish(scheme, officer)

    page = client.get(f"/verify/{snapshot.reference}").get_data(as_text=True)

    for person in people:
        assert person.first_name not in page
        assert person.reference not in page
    assert officer.name not in page
    assert coach.name not in page
    assert officer.email not in page


def test_a_replaced_report_points_to_the_newer_version(client, scheme, officer, people):
    first = publish(scheme, officer)
    second = publish(scheme, officer, supersedes=first, reason="A hire was recorded late.")
    third = publish(scheme, officer, supersedes=second, reason="Another correction.")

    page = client.get(f"/verify/{first.reference}").get_data(as_text=True)
    assert f'href="/verify/{second.reference}"' in page
    assert f'the latest is <a href="/verify/{third.reference}">' in page
    newest = client.get(f"/verify/{third.reference}").get_data(as_text=True)
    assert "This is the current version" in newest
    assert "Another correction." in newest


def test_the_check_page_says_whether_partners_confirmed(client, scheme, officer, people, coach):
    draft = draft_of(scheme, officer)
    (confirmation,) = request_confirmations(draft, officer)
    answer_confirmation(confirmation, coach, ConfirmationAnswer.CONFIRMED, "")
    snapshot = publish_draft(draft, officer)
    db.session.commit()

    page = client.get(f"/verify/{snapshot.reference}").get_data(as_text=True)

    assert "Confirmed by Harbour Light Trust on " in page


def without_tokens(response) -> str:
    """A page less its CSRF tokens, which are signed anew (with the time) for each page."""
    return re.sub(
        r'(name="csrf_token" type="hidden" value="|"X-CSRFToken": ")[^"]+',
        r"\1",
        response.get_data(as_text=True),
    )


@pytest.mark.parametrize(
    "reference", ["PW-2026-0002", "PW-1999-0001", "nonsense", "PW-2026-0001.json", "%27--"]
)
def test_unknown_references_answer_404_and_look_the_same(
    client, scheme, officer, people, reference
):
    publish(scheme, officer)

    missing = client.get(f"/verify/{reference}")
    baseline = client.get("/verify/PW-9999-9999")

    assert missing.status_code == baseline.status_code == 404
    assert without_tokens(missing) == without_tokens(baseline)
    assert reference not in missing.get_data(as_text=True)


def test_the_lookup_form_goes_to_the_report(client):
    assert client.get("/verify/").status_code == 200
    response = client.get("/verify/", query_string={"reference": " pw-2026-0001 "})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/verify/PW-2026-0001")
