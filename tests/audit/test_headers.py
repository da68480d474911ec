"""Security headers on every answer; HSTS only in production (it needs HTTPS)."""

from __future__ import annotations

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def test_pages_carry_the_policy_and_the_other_headers(client):
    response = client.get("/login")
    assert response.headers["Content-Security-Policy"] == POLICY
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers


def test_every_kind_of_answer_carries_each_header_once(world, login, app):
    app.config["PATHWAY_ENV"] = "production"
    client = login(world.manager)
    answers = [
        client.get("/placements/board"),  # a page (kept, the second time)
        client.get("/placements/board", headers={"HX-Request": "true"}),  # a fragment
        client.get("/placements/board"),
        client.get("/static/pathway.css"),
        client.get("/no-such-page"),
        client.get("/admin/"),  # refused
        client.post("/placements/1/attended", data={}),  # refused or not found
    ]
    for response in answers:
        response.close()  # (the static file's)
        for name in (
            "Content-Security-Policy",
            "Referrer-Policy",
            "X-Content-Type-Options",
            "X-Frame-Options",
            "Strict-Transport-Security",
        ):
            assert len(response.headers.getlist(name)) == 1, (response.request.path, name)
        assert "HX-Request" in response.headers["Vary"]


def test_hsts_in_production(app, client):
    app.config["PATHWAY_ENV"] = "production"
    response = client.get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_template_has_an_inline_style_or_script():
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "pathway" / "templates"
    inline = re.compile(r"\sstyle=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+=|hx-on")
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        # the PDF is drawn by WeasyPrint, never served as a page
        if path.name != "document.html" and inline.search(path.read_text())
    ]
    assert offenders == []


def test_behind_a_trusted_proxy_the_client_address_is_recorded(migrated_db, tmp_path):
    import shutil

    from sqlalchemy import select

    from pathway import create_app
    from pathway.audit.models import AuditEvent
    from pathway.extensions import db

    if not str(migrated_db).endswith(".sqlite3"):
        return  # PostgreSQL run: the SQLite copy below does not apply
    shutil.copy(migrated_db, tmp_path / "p.sqlite3")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
            "TRUSTED_PROXIES": 1,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        app.test_client().post(
            "/login",
            data={"email": "x@example.test", "password": "y"},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
        assert db.session.scalar(select(AuditEvent.ip_address)) == "203.0.113.7"
        db.session.remove()
        db.engine.dispose()
