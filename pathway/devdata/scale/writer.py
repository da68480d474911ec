"""Bulk inserts through SQLAlchemy Core: rows buffered per table, written with executemany.

Ids are given by the writer (so children can name their parents without a round trip),
and PostgreSQL's sequences are moved past them at the end. Columns a row leaves out get
their model defaults, so columns added later with a default or as nullable need no change.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text

from pathway.extensions import db


class BulkWriter:
    def __init__(self, connection: Connection, batch_rows: int = 20_000):
        self.connection = connection
        self.batch_rows = batch_rows
        self.tables = db.metadata.tables
        self.rows: dict[str, list[dict]] = {}
        self.next_ids: dict[str, int] = {}
        self.written: dict[str, int] = {}
        self.buffered = 0

    def add(self, table: str, **values) -> int | None:
        """Buffer one row; returns its id (None for tables without an ``id`` column)."""
        row_id = None
        if "id" in self.tables[table].c:
            row_id = values["id"] = self._next_id(table)
        self.rows.setdefault(table, []).append(values)
        self.buffered += 1
        return row_id

    def add_many(self, table: str, rows: list[dict]) -> None:
        """Buffer rows that already carry their ids (see ``reserve``)."""
        self.rows.setdefault(table, []).extend(rows)
        self.buffered += len(rows)

    def reserve(self, table: str, count: int) -> int:
        """The first of ``count`` consecutive ids for rows added with ``add_many``."""
        first = self._next_id(table)
        self.next_ids[table] = first + count
        return first

    def flush_if_full(self) -> None:
        if self.buffered >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Insert everything buffered, parents before children."""
        for table in db.metadata.sorted_tables:
            rows = self.rows.pop(table.name, None)
            if not rows:
                continue
            # executemany takes its columns from the first row: rows naming other columns
            # go in their own statement, so none of their values is dropped.
            shapes: dict[tuple, list[dict]] = {}
            for row in rows:
                shapes.setdefault(tuple(row), []).append(row)
            for same_columns in shapes.values():
                self.connection.execute(table.insert(), same_columns)
            self.written[table.name] = self.written.get(table.name, 0) + len(rows)
        self.buffered = 0

    def finish(self) -> None:
        """Flush, move PostgreSQL's id sequences past the given ids, refresh planner stats."""
        self.flush()
        postgres = self.connection.dialect.name == "postgresql"
        for name in self.written:
            if postgres and "id" in self.tables[name].c:
                self.connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                        f'(SELECT MAX(id) FROM "{name}"))'
                    )
                )
        self.connection.execute(text("ANALYZE"))

    def _next_id(self, table: str) -> int:
        if table not in self.next_ids:
            column = self.tables[table].c.id
            self.next_ids[table] = (self.connection.scalar(select(func.max(column))) or 0) + 1
        row_id = self.next_ids[table]
        self.next_ids[table] = row_id + 1
        return row_id
