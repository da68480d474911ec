"""Fixtures: an app per test on a freshly migrated database, factories, and signing in.

By default each test gets its own copy of a migrated SQLite file. With
``PATHWAY_TEST_DATABASE_URL`` set (``make test`` does it when PostgreSQL is available),
the suite runs on that PostgreSQL database instead, emptied after every test.
"""

from __future__ import annotations

import os
import shutil

import pytest
from flask.testing import FlaskClient

os.environ["PATHWAY_ENV"] = "testing"

from pathway import create_app  # noqa: E402
from pathway.extensions import db  # noqa: E402
from tests.factories import PASSWORD, Factory  # noqa: E402

POSTGRES_URL = os.environ.get("PATHWAY_TEST_DATABASE_URL", "")


def _migrate(uri: str, fresh_schema: bool = False) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import text

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        if fresh_schema:
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(revision="heads")
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A database built once by the real migrations: a SQLite file each test copies,
    or the PostgreSQL test database."""
    if POSTGRES_URL:
        _migrate(POSTGRES_URL, fresh_schema=True)
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


def _empty_postgres_tables() -> None:
    from sqlalchemy import text

    # the change stamp's one row stays (its value only ever goes up)
    kept = [table for table in db.metadata.sorted_tables if table.name != "change_stamp"]
    tables = ", ".join(f'"{table.name}"' for table in kept)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context - its own ``g`` and database session -
    as in production; afterwards the test's own session reloads what the request wrote."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.rollback()
        return response


@pytest.fixture
def app(migrated_db, tmp_path):
    if POSTGRES_URL:
        uri = POSTGRES_URL
    else:
        shutil.copy(migrated_db, tmp_path / "pathway.sqlite3")
        uri = f"sqlite:///{tmp_path / 'pathway.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": uri,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "pathway.test",
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        if POSTGRES_URL:
            _empty_postgres_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app) -> Factory:
    return Factory()


@pytest.fixture
def login(app):
    """A new test client signed in as ``user``."""

    def sign_in(user, password: str = PASSWORD):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "sign-in failed"
        return client

    return sign_in


from tests.world import records, world  # noqa: E402, F401  (fixtures)
