"""The whole test database as data: a snapshot to compare, and a way back to it.

Each fuzz example starts from the same rows, so Hypothesis can replay and shrink a failure.
SQLite restores by copying the database file back; PostgreSQL by emptying the tables and
inserting the saved rows again (TRUNCATE does not fire the row triggers that keep published
reports and the audit trail append-only).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import String, select, text

from pathway.extensions import db

# Written by any request, refused or not: the audit trail, sign-in attempts, scheduled jobs.
BOOKKEEPING = frozenset({"audit_event", "login_attempt", "job_run", "job_lease"})

# Kept as it is when the database goes back to the baseline: the audit trail is append-only
# (its new rows stay, harmlessly).
ONLY_FORWARD = ("audit_event",)

PLAUSIBLE_YEARS = (1900, 2100)
NEXT_ID = "SELECT setval(pg_get_serial_sequence(:name, 'id'), MAX(id)) FROM {}"

Row = dict[str, object]
Rows = dict[tuple, Row]  # by primary key


def snapshot() -> dict[str, Rows]:
    """Every row of every table (the test world is small), by table and primary key."""
    db.session.rollback()
    tables = {}
    for table in db.metadata.sorted_tables:
        key = [column.name for column in table.primary_key.columns]
        rows = db.session.execute(select(table)).mappings().all()
        tables[table.name] = {tuple(row[name] for name in key): dict(row) for row in rows}
    db.session.rollback()
    return tables


@dataclass(frozen=True)
class Change:
    table: str
    key: tuple
    before: Row | None  # None: a new row
    after: Row | None  # None: a deleted row

    @property
    def changed_columns(self) -> set[str]:
        if self.before is None or self.after is None:
            return set((self.before or self.after or {}).keys())
        return {name for name, value in self.after.items() if self.before.get(name) != value}

    def __str__(self) -> str:
        if self.before is None:
            return f"new {self.table} {self.key}: {_short(self.after)}"
        if self.after is None:
            return f"deleted {self.table} {self.key}"
        changed = {name: self.after[name] for name in sorted(self.changed_columns)}
        return f"changed {self.table} {self.key}: {_short(changed)}"


def _short(row) -> str:
    shown = repr(row)
    return shown if len(shown) < 300 else shown[:300] + "..."


def changes(before: dict[str, Rows], after: dict[str, Rows], ignore=BOOKKEEPING) -> list[Change]:
    found = []
    for name, rows in after.items():
        if name in ignore:
            continue
        old = before.get(name, {})
        for key, row in rows.items():
            if old.get(key) != row:
                found.append(Change(name, key, old.get(key), row))
        found.extend(Change(name, key, row, None) for key, row in old.items() if key not in rows)
    return found


def stored_problems(change: Change) -> list[str]:
    """Values no database should hold: longer than their column, or with a NUL character
    (SQLite keeps both; PostgreSQL refuses them, which would be a 500 there); a day no
    person means (the year 1, or 9999)."""
    if change.after is None:
        return []
    table = db.metadata.tables[change.table]
    problems = []
    for name in change.changed_columns:
        value, column_type = change.after.get(name), table.columns[name].type
        if isinstance(value, date) and not PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]:
            problems.append(f"{change.table}.{name} holds {value}")
        if not isinstance(value, str) or not isinstance(column_type, String):
            continue
        if column_type.length and len(value) > column_type.length:
            problems.append(f"{change.table}.{name} holds {len(value)} characters")
        if "\x00" in value:
            problems.append(f"{change.table}.{name} holds a NUL character")
    return problems


def empty_tables(keep: tuple[str, ...] = ()) -> None:
    """PostgreSQL: every table emptied but ``keep`` (TRUNCATE, so the append-only triggers
    of published reports and the audit trail do not fire)."""
    names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables if t.name not in keep)
    db.session.execute(text(f"TRUNCATE {names}"))
    db.session.commit()


class Baseline:
    """The fuzz world's rows, to compare with, and a way back to them from any change."""

    def __init__(self, rows: dict[str, Rows], sqlite_file: Path | None) -> None:
        self.rows, self.sqlite_file = rows, sqlite_file

    @classmethod
    def save(cls, directory: Path) -> Baseline:
        """The database as it is now (on SQLite, a copy of its file in ``directory``)."""
        rows = snapshot()
        if db.engine.dialect.name != "sqlite":
            return cls(rows, None)
        db.session.remove()
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()
        copy = directory / "baseline.sqlite3"
        shutil.copyfile(db.engine.url.database, copy)
        return cls(rows, copy)

    def restore(self) -> None:
        """The current app's database back to the saved rows."""
        if self.sqlite_file:
            db.session.remove()
            db.engine.dispose()
            database = db.engine.url.database
            shutil.copyfile(self.sqlite_file, database)
            for suffix in ("-wal", "-shm"):
                Path(database + suffix).unlink(missing_ok=True)
            return
        if not changes(self.rows, snapshot(), ignore=ONLY_FORWARD):
            return  # (most examples) much quicker than emptying and filling every table
        empty_tables(keep=ONLY_FORWARD)
        for table in db.metadata.sorted_tables:
            found = list(self.rows[table.name].values())
            if found and table.name not in ONLY_FORWARD:
                db.session.execute(table.insert(), found)
                if "id" in table.columns:  # ids were given: the sequence moves past them
                    quoted = f'"{table.name}"'
                    db.session.execute(text(NEXT_ID.format(quoted)), {"name": quoted})
        db.session.commit()
