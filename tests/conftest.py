"""Fixtures: an app per test on its own migrated SQLite file, factories, and signing in."""

from __future__ import annotations

import os
import shutil

import pytest
from flask.testing import FlaskClient

os.environ["PATHWAY_ENV"] = "testing"

from pathway import create_app  # noqa: E402
from pathway.extensions import db  # noqa: E402
from tests.factories import PASSWORD, Factory  # noqa: E402


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A database file built once by the real migrations; each test gets a copy."""
    path = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(revision="heads")
        db.engine.dispose()
    return path


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
    path = tmp_path / "pathway.sqlite3"
    shutil.copy(migrated_db, path)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "pathway.test",
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
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


from tests.world import world  # noqa: E402, F401  (fixture)
