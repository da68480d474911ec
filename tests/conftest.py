"""Fixtures: an app per test on a freshly migrated database, factories, and signing in.

By default each test gets its own copy of a migrated SQLite file. With
``PATHWAY_TEST_DATABASE_URL`` set (``make test`` does it when PostgreSQL is available),
the suite runs on a PostgreSQL database of its own (per pytest-xdist worker), emptied after
every test. The schema and the demo data are built once per run (tests/databases.py).
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from flask.testing import FlaskClient

os.environ["PATHWAY_ENV"] = "testing"

from pathway import clock  # noqa: E402

# The suite runs on any day: PATHWAY_TEST_TODAY=2031-02-28 runs it as if on that day (CI
# picks one at random). Set before anything below reads the date.
TEST_TODAY = os.environ.get("PATHWAY_TEST_TODAY", "")
if TEST_TODAY:
    clock.travel_to(date.fromisoformat(TEST_TODAY))

from hypothesis import settings  # noqa: E402
from jinja2 import BytecodeCache  # noqa: E402

from pathway import create_app  # noqa: E402
from pathway.extensions import db  # noqa: E402
from tests.databases import POSTGRES_URL, Template, create_postgres  # noqa: E402
from tests.factories import PASSWORD, Factory  # noqa: E402

# Property tests run the same examples on every run and machine (a failure replays as it
# is), with no time limit per example (a busy CI machine is not a failure). Each test sets
# how many examples it needs, or takes Hypothesis's 100.
settings.register_profile("pathway", derandomize=True, deadline=None, database=None)
settings.load_profile("pathway")


class KeptTemplates(BytecodeCache):
    """Templates compiled once per run, not once per app (keyed by their source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


KEPT_TEMPLATES = KeptTemplates()


def test_app(uri: str, **config):
    """The real app on ``uri``, as every test uses it."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, **config})
    app.jinja_env.bytecode_cache = KEPT_TEMPLATES
    return app


test_app.__test__ = False  # a helper, not a test


def _migrate(uri: str) -> None:
    from flask_migrate import upgrade

    app = test_app(uri)
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Template:
    """A database built once by the real migrations, for each test to copy (on PostgreSQL
    the tests' own database starts as a copy too)."""
    if POSTGRES_URL:
        _migrate(create_postgres("schema"))
        create_postgres("", template="schema")
        return Template(postgres_role="schema")
    path = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return Template(sqlite_file=path)


@pytest.fixture(scope="session")
def demo_database(migrated_db, tmp_path_factory) -> tuple[Template, str]:
    """The demo data, loaded once by the real ``flask pathway demo`` into a database of its
    own (in an app context of its own, never a test's); and what the command printed."""
    if POSTGRES_URL:
        uri, template = create_postgres("demo", template="schema"), Template(postgres_role="demo")
    else:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        uri, template = migrated_db.copy(path.parent, path.name), Template(sqlite_file=path)
    app = test_app(uri, ALLOW_DEMO_DATA=True)
    result = app.test_cli_runner().invoke(args=["pathway", "demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.remove()
        if not POSTGRES_URL:
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()
    return template, result.output


def _empty_postgres_tables() -> None:
    from sqlalchemy import delete, text

    # Faster than TRUNCATE for a test's few rows; as the replica role the append-only
    # triggers and foreign keys do not fire.
    with db.engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in db.metadata.sorted_tables:
            connection.execute(delete(table))


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
    app = test_app(
        POSTGRES_URL or migrated_db.copy(tmp_path),
        WTF_CSRF_ENABLED=False,
        SERVER_NAME="pathway.test",
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        if POSTGRES_URL:
            _empty_postgres_tables()
        db.engine.dispose()


@pytest.fixture
def demo_app(demo_database, tmp_path):
    """Like ``app``, on a fresh copy of the demo data."""
    template, _ = demo_database
    app = test_app(template.copy(tmp_path), WTF_CSRF_ENABLED=False, SERVER_NAME="pathway.test")
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    template.discard()


@pytest.fixture
def travel():
    """``travel(day)`` makes ``day`` today for the rest of this test."""
    yield clock.travel_to
    clock.travel_to(date.fromisoformat(TEST_TODAY) if TEST_TODAY else None)


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


def pytest_report_header(config) -> str:
    return f"today, by pathway.clock: {clock.today_london().isoformat()}" + (
        f" (PATHWAY_TEST_TODAY={TEST_TODAY})" if TEST_TODAY else ""
    )
