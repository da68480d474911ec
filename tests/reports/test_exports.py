"""Exports of a published report: the PDF opens and says the figures, the CSV parses, the JSON
matches its published schema and its hash, the charts carry their numbers as text."""

import csv
import hashlib
import io
import json
from pathlib import Path

import jsonschema
import pypdf

from pathway.extensions import db
from pathway.reports.document.charts import comparison_chart, funnel_chart
from pathway.reports.publishing.snapshots import canonical_json, snapshot_document
from tests.reports.builders import YEAR
from tests.reports.conftest import publish

SCHEMA = Path(__file__).parents[2] / "pathway" / "static" / "schemas" / "report-v1.schema.json"


def download(login, officer, url):
    response = login(officer).get(url)
    assert response.status_code == 200, response.status_code
    return response


def test_the_pdf_opens_and_its_text_holds_the_figures(login, scheme, officer, people):
    snapshot = publish(scheme, officer)

    response = download(login, officer, f"/figures/reports/{snapshot.reference}/report.pdf")

    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{snapshot.reference}.pdf"'
    )
    reader = pypdf.PdfReader(io.BytesIO(response.get_data()))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) >= 2
    assert f"Published report {snapshot.reference}" in words
    assert snapshot.sha256 in words.replace(" ", "")
    assert "Harrow & Vale Stores" in words
    assert "Hired (job offer accepted) 6 0 +6" in words
    assert "Not hired after the interview fewer than 5 0 not shown" in words
    assert "Counts from 1 to 4 are shown as 'fewer than 5'" in words
    assert "Dated by the day the hire was recorded." in words
    assert "GOV.UK registry" in words
    for person in people:
        assert person.first_name not in words


def test_the_csv_has_one_row_per_figure_with_its_definition_and_period(
    login, scheme, officer, people
):
    snapshot = publish(scheme, officer)

    response = download(login, officer, f"/figures/reports/{snapshot.reference}/report.csv")

    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["report"] for row in rows} == {snapshot.reference}
    assert {row["sha256"] for row in rows} == {snapshot.sha256}
    hired = [row for row in rows if row["figure_key"] == "hired"]
    assert [
        (row["period"], row["period_start"], row["period_end"], row["value"]) for row in hired
    ] == [
        ("this period", "2025-04-01", "2026-03-31", "6"),
        ("previous period", "2024-04-01", "2025-03-31", "0"),
    ]
    assert hired[0]["definition"].endswith("Dated by the day the hire was recorded.")
    assert hired[0]["programme"] == "All programmes"
    not_hired = next(row for row in rows if row["figure_key"] == "not_hired")
    assert (not_hired["value"], not_hired["status"]) == ("fewer than 5", "small")
    partners = next(row for row in rows if row["figure_key"] == "partners")
    assert partners["value"] == "Harbour Light Trust"
    numbers = [
        row["value"]
        for row in rows
        if row["status"] == "shown" and row["value"].isdigit() and row["figure_key"] != "sites"
    ]
    assert all(int(n) == 0 or int(n) >= 5 for n in numbers)


def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(make, login, scheme, officer):
    scheme.programme.name = "=HYPERLINK(1)"
    db.session.commit()
    scheme.hired()

    response = login(officer).get("/figures/figures.csv", query_string=_query())

    text = response.get_data(as_text=True)
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")


def test_the_json_matches_its_published_schema_and_hash(login, scheme, officer, people, client):
    snapshot = publish(scheme, officer)

    response = download(login, officer, f"/figures/reports/{snapshot.reference}/report.json")

    body = response.get_json()
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator(schema).validate(body)
    assert body["status"] == "published"
    assert body["$schema"].endswith("/static/schemas/report-v1.schema.json")
    recomputed = hashlib.sha256(canonical_json(body["report"]).encode("utf-8")).hexdigest()
    assert recomputed == body["sha256"] == snapshot.sha256
    served = client.get("/static/schemas/report-v1.schema.json")
    served.close()
    assert served.status_code == 200


def test_working_figures_export_as_drafts_not_for_citation(login, officer, people):
    client = login(officer)

    as_json = client.get("/figures/figures.json", query_string=_query()).get_json()
    as_csv = client.get("/figures/figures.csv", query_string=_query()).get_data(as_text=True)
    as_pdf = client.get("/figures/figures.pdf", query_string=_query())

    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(as_json)
    assert (as_json["status"], as_json["sha256"]) == ("draft", None)
    assert "reference" not in as_json["report"]
    assert as_csv.splitlines()[1].startswith("DRAFT - not for citation,,")
    text = pypdf.PdfReader(io.BytesIO(as_pdf.get_data())).pages[0].extract_text()
    assert "Not published - not for citation" in " ".join(text.split())


def test_the_charts_say_their_numbers_in_text(scheme, officer, people):
    document = snapshot_document(publish(scheme, officer))

    funnel, comparison = funnel_chart(document), comparison_chart(document)

    assert '<title id="funnel-chart-title">From starting to a job</title>' in funnel
    assert "Hired (job offer accepted): 6" in funnel  # the description
    assert ">6</text>" in funnel  # the bar's own label
    assert "Hired (job offer accepted): 6 this period, 0 the previous period" in comparison
    assert 'fill="#1f5f8b"' in comparison


def test_a_chart_draws_no_bar_for_a_hidden_figure(scheme, officer):
    scheme.hired()
    document = snapshot_document(publish(scheme, officer))

    funnel = funnel_chart(document)

    assert "Hired (job offer accepted): fewer than 5" in funnel
    assert 'font-style="italic">fewer than 5</text>' in funnel
    assert funnel.count("<rect") == 0


def _query():
    return {"start": YEAR.start.isoformat(), "end": YEAR.end.isoformat()}
