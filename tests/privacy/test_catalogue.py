"""The catalogue names every column of every table that refers to a candidate, so nothing
new escapes the subject access export or erasure."""

from __future__ import annotations

from sqlalchemy import inspect

from pathway.clock import utcnow
from pathway.extensions import db
from pathway.privacy.catalogue import BLANK, CLEAR, DERIVED_TABLES, EMPTY, KEEP, SECTIONS
from pathway.privacy.subject_access import subject_access_record


def _columns(model) -> set[str]:
    return {column.key for column in inspect(model).columns}


def test_every_column_of_a_candidate_table_is_exported_or_said_why_not(app):
    for section in SECTIONS:
        declared = [column.name for column in section.columns]
        assert len(declared) == len(set(declared)), section.key
        missing = _columns(section.model) - set(declared) - set(section.not_exported)
        assert missing == set(), f"{section.key}: add {missing} to pathway/privacy/catalogue.py"
        assert set(declared) <= _columns(section.model), section.key


def test_every_column_has_a_fate_on_erasure(app):
    for section in SECTIONS:
        for column in section.columns:
            assert column.on_erasure in (KEEP, BLANK, CLEAR, EMPTY), (section.key, column.name)
            if column.on_erasure == CLEAR:
                assert section.model.__table__.c[column.name].nullable, (section.key, column.name)


def test_every_table_that_refers_to_a_candidate_is_in_the_catalogue(app):
    """Tables holding a foreign key to the candidate, or to a table that does (placements,
    reviews, nominations ...), all the way down."""
    catalogued = {section.model.__table__.name for section in SECTIONS}
    referring = {"candidate"}
    grew = True
    while grew:
        grew = False
        for table in db.metadata.sorted_tables:
            if table.name in referring:
                continue
            if any(fk.column.table.name in referring for fk in table.foreign_keys):
                referring.add(table.name)
                grew = True
    assert referring - catalogued - DERIVED_TABLES.keys() == set()


def test_the_figures_summaries_copy_nothing_that_erasure_removes(app):
    erased = {
        column.name
        for section in SECTIONS
        if not section.delete_on_erasure
        for column in section.columns
        if column.on_erasure != KEEP
    }
    for table in db.metadata.sorted_tables:
        if table.name in DERIVED_TABLES:
            assert {column.name for column in table.columns} & erased == set(), table.name


def test_the_export_has_exactly_each_tables_columns_as_keys(held):
    record = subject_access_record(held.candidate, utcnow())
    for section in SECTIONS:
        rows = record[section.key]
        rows = [rows] if section.key == "candidate" else rows
        assert rows, f"the test's candidate has no {section.key}"
        expected = _columns(section.model) - set(section.not_exported)
        for row in rows:
            assert set(row) == expected, section.key
