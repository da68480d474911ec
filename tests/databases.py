"""The test databases: a migrated schema and the demo data, each built once per run (per
pytest-xdist worker) and copied for every test that needs it.

On SQLite a copy is a copy of the file. On PostgreSQL (``PATHWAY_TEST_DATABASE_URL``, set by
``scripts/with-postgres``) each worker has databases of its own, named after the one in the
URL: ``<name>_<worker>`` for the tests, ``..._schema`` and ``..._demo`` as templates that
``CREATE DATABASE ... TEMPLATE`` copies.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER_URL = os.environ.get("PATHWAY_TEST_DATABASE_URL", "")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def postgres_name(role: str = "") -> str:
    """This worker's database for ``role`` ("" the tests', "schema", "demo", "copy")."""
    base = f"{make_url(SERVER_URL).database}_{WORKER}"
    return f"{base}_{role}" if role else base


def postgres_url(role: str = "") -> str:
    if not SERVER_URL:
        return ""
    return make_url(SERVER_URL).set(database=postgres_name(role)).render_as_string(False)


# The PostgreSQL database the tests of this worker use ("" on SQLite).
POSTGRES_URL = postgres_url()


def create_postgres(role: str, template: str | None = None) -> str:
    """(Re)create this worker's ``role`` database, empty or as a copy of ``template``."""
    name = postgres_name(role)
    engine = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        copy = f' TEMPLATE "{postgres_name(template)}"' if template is not None else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    engine.dispose()
    return postgres_url(role)


def drop_postgres(role: str) -> None:
    engine = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{postgres_name(role)}" WITH (FORCE)'))
    engine.dispose()


@dataclass(frozen=True)
class Template:
    """A database built once: a SQLite file, or a PostgreSQL database's role."""

    sqlite_file: Path | None = None
    postgres_role: str = ""

    def copy(self, directory: Path, name: str = "pathway.sqlite3") -> str:
        """A new copy for one test; its URI. (PostgreSQL: the worker's ``copy`` database.)"""
        if self.sqlite_file is None:
            return create_postgres("copy", template=self.postgres_role)
        target = directory / name
        shutil.copyfile(self.sqlite_file, target)
        return f"sqlite:///{target}"

    def restore(self, uri: str) -> None:
        """Put this template's data back into a database made by ``copy`` (nothing may be
        connected to it)."""
        if self.sqlite_file is None:
            create_postgres("copy", template=self.postgres_role)
            return
        database = make_url(uri).database
        shutil.copyfile(self.sqlite_file, database)
        for suffix in ("-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)

    def discard(self) -> None:
        """Remove the PostgreSQL copy (SQLite copies go with their test's folder)."""
        if self.sqlite_file is None:
            drop_postgres("copy")
