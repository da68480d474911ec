"""Signing in and out, safe redirects, CSRF, settings."""

import pytest

from pathway import create_app
from pathway.auth.views import is_safe_next
from pathway.config import ConfigError, load_config
from tests.factories import PASSWORD


def test_each_role_lands_on_its_home_page(world, login):
    homes = {
        world.admin: "/admin/",
        world.coach: "/candidates/",
        world.lead: "/placements/",
        world.manager: "/placements/board",
        world.cr: "/figures/",
    }
    for user, path in homes.items():
        client = login(user)
        response = client.get("/")
        assert response.status_code == 302 and response.location.endswith(path)
        assert client.get(path).status_code == 200


def test_failed_login_does_not_say_whether_the_account_exists(world, client):
    wrong_password = client.post("/login", data={"email": world.coach.email, "password": "x"})
    no_account = client.post("/login", data={"email": "nobody@example.test", "password": "x"})
    assert wrong_password.status_code == no_account.status_code == 422
    message = "That email and password do not match an active account."
    assert message in wrong_password.get_data(as_text=True)
    assert message in no_account.get_data(as_text=True)


def test_email_is_kept_and_matched_without_case(world, client):
    response = client.post("/login", data={"email": world.coach.email.upper(), "password": "x"})
    assert f'value="{world.coach.email.upper()}"' in response.get_data(as_text=True)
    ok = client.post("/login", data={"email": world.coach.email.upper(), "password": PASSWORD})
    assert ok.status_code == 302


def test_a_deactivated_account_cannot_sign_in(world, client, make):
    from pathway.extensions import db

    world.coach.active = False
    db.session.commit()
    response = client.post("/login", data={"email": world.coach.email, "password": PASSWORD})
    assert response.status_code == 422


def test_passwords_are_stored_as_scrypt_hashes(world):
    assert world.coach.password_hash.startswith("scrypt:")
    assert PASSWORD not in world.coach.password_hash


@pytest.mark.parametrize(
    "target, safe",
    [
        ("/candidates/", True),
        ("/placements/board?x=1", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_next_redirects_only_to_this_site(target, safe):
    assert is_safe_next(target) is safe


def test_login_follows_a_safe_next_and_ignores_an_unsafe_one(world, client):
    data = {"email": world.coach.email, "password": PASSWORD}
    response = client.post("/login?next=/candidates/new", data=data)
    assert response.location.endswith("/candidates/new")
    client.post("/logout")
    response = client.post("/login?next=https://evil.example/", data=data)
    assert "evil" not in response.location


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get("/candidates/")
    assert response.status_code == 302 and "/login" in response.location


def test_logout_needs_a_post(world, login):
    client = login(world.coach)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/candidates/").status_code == 302


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def test_forms_without_a_csrf_token_are_refused(world, csrf_client):
    response = csrf_client.post("/login", data={"email": world.coach.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "nothing was saved" in response.get_data(as_text=True)


def test_htmx_requests_carry_the_csrf_token_in_a_header(world, csrf_client):
    import re

    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert f'"X-CSRFToken": "{token}"' in page
    response = csrf_client.post(
        "/login",
        data={"email": world.coach.email, "password": PASSWORD},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.status_code == 302


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(str(tmp_path), {"PATHWAY_ENV": "production"})


def test_development_keeps_a_generated_secret_in_the_instance_folder(tmp_path):
    first = load_config(str(tmp_path), {"PATHWAY_ENV": "development"})["SECRET_KEY"]
    again = load_config(str(tmp_path), {"PATHWAY_ENV": "development"})["SECRET_KEY"]
    assert first == again and len(first) == 64


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Checked on a SQLite app of its own, whichever database the suite runs on."""
    from sqlalchemy import text

    from pathway.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wal.sqlite3'}"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_htmx_is_served_by_the_app(client):
    with client.get("/vendor/htmx/htmx.min.js") as response:
        assert response.status_code == 200 and b"htmx" in response.data[:2000]


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_create_app_accepts_overrides(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert app.config["PATHWAY_ENV"] == "testing"
