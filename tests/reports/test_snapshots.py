"""Publishing: frozen, hashed, immutable snapshots under a reference; corrections; partners'
confirmations."""

import hashlib
import json
from datetime import date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from pathway.auth.models import Role
from pathway.clock import today_london
from pathway.extensions import db
from pathway.refusals import ActionRefused
from pathway.reports.document.report import text_of
from pathway.reports.figures.counted_years import recount_year
from pathway.reports.figures.periods import Period
from pathway.reports.models import ConfirmationAnswer, ImmutableReport, ReportSnapshot
from pathway.reports.publishing.snapshots import (
    answer_confirmation,
    canonical_json,
    content_hash,
    current_report,
    draft_document,
    find_published,
    is_intact,
    newer_version,
    publish_draft,
    request_confirmations,
    snapshot_document,
)
from tests.reports.builders import AS_OF, YEAR, Scheme
from tests.reports.conftest import draft_of, publish


def leaves(document, path=()):
    """Every scalar in a document, with the path to it."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from leaves(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from leaves(value, (*path, index))
    else:
        yield path, document


def changed(document, path):
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    value = target[path[-1]]
    target[path[-1]] = (
        not value
        if isinstance(value, bool)
        else (value or 0) + 1
        if isinstance(value, int | float) or value is None
        else value + "."
    )
    return copy


def test_the_hash_is_stable_for_the_same_content_and_changes_with_any_change(
    scheme, officer, people
):
    document = snapshot_document(publish(scheme, officer))

    same = json.loads(json.dumps(document, indent=4))  # another spelling of the same content
    assert content_hash(same) == content_hash(document)
    assert content_hash(dict(reversed(list(document.items())))) == content_hash(document)
    for path, _ in leaves(document):
        assert content_hash(changed(document, path)) != content_hash(document), path


def test_publishing_stores_figures_definitions_policy_author_and_a_reference(
    scheme, officer, people
):
    first = publish(scheme, officer, now=datetime(2026, 4, 20, 9, 30))
    second = publish(
        scheme, officer, now=datetime(2026, 4, 21, 9, 30), supersedes=first, reason="Checked."
    )

    assert (first.reference, second.reference) == ("PW-2026-0001", "PW-2026-0002")
    document = snapshot_document(first)
    assert first.content == canonical_json(document)
    assert first.sha256 == hashlib.sha256(first.content.encode("utf-8")).hexdigest()
    assert document["reference"] == "PW-2026-0001"
    assert document["published_at"] == "2026-04-20T09:30:00Z"
    assert document["author"] == {
        "name": "Catherine Lowe",
        "role": "Corporate responsibility officer",
    }
    assert document["policy"]["threshold"] == 5
    assert document["definitions"]["hired"]["dated_by"] == "the day the hire was recorded"
    assert text_of(document, "hired") == "6"
    assert (first.author_id, first.employer_id) == (officer.id, scheme.employer.id)
    assert is_intact(first)


def test_later_corrections_to_the_data_never_change_a_published_report(
    scheme, officer, people, login
):
    snapshot = publish(scheme, officer)
    scheme.hired()
    scheme.hired()
    db.session.commit()

    assert text_of(snapshot_document(snapshot), "hired") == "6"
    page = login(officer).get(f"/figures/reports/{snapshot.reference}").get_data(as_text=True)
    assert '<tr id="row-hired">' in page
    row = page.split('<tr id="row-hired">')[1].split("</tr>")[0]
    assert '<td class="num shown">6</td>' in row


def test_a_published_report_cannot_be_changed_or_deleted_by_the_code(scheme, officer, people):
    snapshot = publish(scheme, officer)

    snapshot.content = snapshot.content.replace('"6"', '"60"')
    with pytest.raises(ImmutableReport):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(ReportSnapshot, snapshot.id))
    with pytest.raises(ImmutableReport):
        db.session.flush()
    db.session.rollback()


def test_a_published_report_cannot_be_changed_or_deleted_in_the_database(scheme, officer, people):
    snapshot = publish(scheme, officer)

    for statement in (
        "UPDATE report_snapshot SET sha256 = 'x' WHERE id = :id",
        "DELETE FROM report_snapshot WHERE id = :id",
    ):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement), {"id": snapshot.id})
        db.session.rollback()
    assert is_intact(db.session.get(ReportSnapshot, snapshot.id))


def test_a_draft_is_published_once(scheme, officer, people):
    draft = draft_of(scheme, officer)
    publish_draft(draft, officer)
    db.session.commit()

    with pytest.raises(ActionRefused, match="published as PW-"):
        publish_draft(draft, officer)


def test_a_correction_says_which_version_it_replaces_and_why(scheme, officer, people):
    first = publish(scheme, officer)
    scheme.hired()
    # The year was counted once; a correction is made from the year counted again.
    assert text_of(draft_document(draft_of(scheme, officer)), "hired") == "6"
    recount_year(scheme.employer, YEAR, AS_OF)

    with pytest.raises(ActionRefused, match="Say why"):
        publish_draft(draft_of(scheme, officer), officer, supersedes=first)
    correction = publish(scheme, officer, supersedes=first, reason="A hire was recorded late.")

    document = snapshot_document(correction)
    assert document["supersedes"] == {
        "reference": first.reference,
        "sha256": first.sha256,
        "reason": "A hire was recorded late.",
    }
    assert newer_version(first) == correction
    assert newer_version(correction) is None
    assert text_of(snapshot_document(first), "hired") == "6"
    assert text_of(document, "hired") == "7"


def test_a_version_is_replaced_only_once_and_only_by_its_own_employer(
    make, coach, scheme, officer, people
):
    first = publish(scheme, officer)
    publish(scheme, officer, supersedes=first, reason="Late hire.")

    with pytest.raises(ActionRefused, match="already been replaced"):
        publish_draft(draft_of(scheme, officer), officer, supersedes=first, reason="Again.")
    other = Scheme(make, coach)
    other_officer = make.user(Role.CR_OFFICER, other.employer)
    with pytest.raises(ActionRefused, match="your own"):
        publish_draft(draft_of(other, other_officer), other_officer, supersedes=first, reason="x")


def test_references_are_found_in_any_case_and_nothing_else_is(scheme, officer, people):
    snapshot = publish(scheme, officer)
    year = snapshot.reference.split("-")[1]

    assert snapshot.reference == f"PW-{year}-0001"
    assert find_published(f" pw-{year}-0001 ") == snapshot
    for reference in (f"PW-{year}-0002", f"PW-{year}-1", "anything", f"PW-{year}-0001' OR 1=1 --"):
        assert find_published(reference) is None


def test_partners_are_asked_and_their_answers_are_published(make, scheme, officer, people, coach):
    other_coach = make.user(Role.COACH, make.provider("New Dawn"))
    scheme.hired(person=make.candidate(other_coach))
    draft = draft_of(scheme, officer)

    asked = request_confirmations(draft, officer)
    assert request_confirmations(draft, officer) == []  # each partner is asked once
    db.session.commit()
    harbour = next(c for c in asked if c.provider_id == coach.organisation_id)
    answer_confirmation(harbour, coach, ConfirmationAnswer.CONFIRMED, "")
    db.session.commit()
    snapshot = publish_draft(draft, officer)
    db.session.commit()

    confirmations = snapshot_document(snapshot)["confirmations"]
    today = today_london().isoformat()
    assert confirmations == [
        {"organisation": "Harbour Light Trust", "status": "confirmed", "on": today},
        {"organisation": "New Dawn", "status": "not_confirmed", "on": None},
    ]
    with pytest.raises(ActionRefused, match="published"):
        answer_confirmation(harbour, coach, ConfirmationAnswer.NOT_CONFIRMED, "Too late")


def test_a_partner_that_cannot_confirm_says_why(scheme, officer, people, coach):
    draft = draft_of(scheme, officer)
    (confirmation,) = request_confirmations(draft, officer)

    with pytest.raises(ActionRefused, match="does not match"):
        answer_confirmation(confirmation, coach, ConfirmationAnswer.NOT_CONFIRMED, "  ")
    answer_confirmation(confirmation, coach, ConfirmationAnswer.NOT_CONFIRMED, "We count 7.")

    assert confirmation.note == "We count 7."


def test_a_period_without_partners_has_no_one_to_ask(scheme, officer):
    draft = draft_of(scheme, officer)

    with pytest.raises(ActionRefused, match="no partner to ask"):
        request_confirmations(draft, officer)


def test_a_draft_of_a_period_finer_than_the_grain_is_never_published(scheme, officer, people):
    """A draft prepared before the fixed grain, for a quarter, stays unpublished."""
    draft = draft_of(scheme, officer)
    draft.period_start = date(2026, 1, 1)  # as drafts of any range could be made then
    db.session.commit()

    with pytest.raises(ActionRefused, match="whole financial years"):
        publish_draft(draft, officer)


def test_a_year_has_one_current_report_and_a_correction_replaces_its_own_year(
    scheme, officer, people, make
):
    first = publish(scheme, officer)

    with pytest.raises(ActionRefused, match=f"already has a published report, {first.reference}"):
        publish_draft(draft_of(scheme, officer), officer)
    earlier_year = Period(date(2024, 4, 1), date(2025, 3, 31))
    with pytest.raises(ActionRefused, match="the report of another period"):
        publish_draft(draft_of(scheme, officer, earlier_year), officer, first, "Wrong year.")
    db.session.rollback()
    correction = publish(scheme, officer, supersedes=first, reason="A hire was recorded late.")
    assert current_report(scheme.employer.id, YEAR) == correction


def test_the_publish_form_offers_only_its_years_report_and_chooses_it(
    scheme, officer, people, login
):
    first = publish(scheme, officer)
    earlier = publish(scheme, officer, Period(date(2024, 4, 1), date(2025, 3, 31)))
    draft = draft_of(scheme, officer)
    page = login(officer).get(f"/figures/drafts/{draft.id}").get_data(as_text=True)

    assert f'<option selected value="{first.reference}">' in page
    assert earlier.reference not in page.split('name="supersedes"')[1].split("</select>")[0]
