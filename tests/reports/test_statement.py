"""The text a CR team pastes into its statement: published figures, the reference, and a
registry answer of at most 500 characters."""

from pathway.reports.document.statement import REGISTRY_LIMIT, registry_text, statement_text
from pathway.reports.publishing.snapshots import snapshot_document
from tests.reports.conftest import publish

URL = "https://pathway.example/verify/PW-2026-0001"


def test_each_paragraph_quotes_the_published_figures_and_the_reference(scheme, officer, people):
    document = snapshot_document(publish(scheme, officer))

    statement = statement_text(document, URL)

    headings = [paragraph.heading for paragraph in statement.paragraphs]
    assert headings == [
        "Effectiveness and key performance indicators",
        "Remediation: supporting victims via NGO partners",
        "Partnership with civil society",
    ]
    kpi, remediation, partnership = (paragraph.text for paragraph in statement.paragraphs)
    assert kpi.startswith("Between 1 April 2025 and 31 March 2026, through Fresh Start, ")
    assert "6 were offered and accepted a job" in kpi
    reference = document["reference"]
    assert f"Pathway report {reference}" in kpi and URL in kpi
    assert "Harbour Light Trust" in remediation and reference in remediation
    assert partnership == (
        "We work in partnership with civil society: Harbour Light Trust. "
        "Harbour Light Trust has not confirmed these figures."
    )
    for person in people:
        assert person.first_name not in kpi + remediation + partnership + statement.registry


def test_a_hidden_figure_is_left_out_of_the_sentence_and_a_small_one_is_said_as_such(
    scheme, officer
):
    scheme.hired()
    document = snapshot_document(publish(scheme, officer))

    kpi = statement_text(document, URL).paragraphs[0].text

    assert "fewer than 5 were offered and accepted a job" in kpi
    assert "not shown" not in kpi


def test_the_registry_answer_fits_in_500_characters_whatever_the_partners(scheme, officer, people):
    published = publish(scheme, officer)
    document = snapshot_document(published)
    document["context"]["partners"] = [
        f"A very long charity name number {n} of many" for n in range(40)
    ]

    text = registry_text(document, URL)

    assert len(text) <= REGISTRY_LIMIT
    assert document["reference"] in text and URL in text
    assert "6 hired" in text
    short = registry_text(snapshot_document(published), URL)  # as published: one partner
    assert "Partners: Harbour Light Trust" in short
