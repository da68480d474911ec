"""Pathway: employer partnership programmes for survivors of modern slavery."""

from __future__ import annotations

import logging
from importlib import import_module
from importlib.resources import files

from flask import Blueprint, Flask, abort, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from pathway.audit.hooks import register_audit
from pathway.auth.sessions import register_session_limits
from pathway.config import load_config
from pathway.extensions import csrf, db, htmx, login_manager, migrate
from pathway.submissions import register_forms_sent_once

log = logging.getLogger(__name__)


# The features with pages, each with a ``blueprint.py``: its BLUEPRINTS and VIEWS modules.
FEATURES = (
    "pathway.auth",
    "pathway.admin",
    "pathway.employers",
    "pathway.candidates",
    "pathway.placements",
    "pathway.reports",
    "pathway.notifications",
    "pathway.jobs",
    "pathway.reports.publishing",
    "pathway.audit",
    "pathway.auth.two_factor",
    "pathway.privacy",
)


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path))
    if config:
        app.config.update(config)
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # The client's address (audit trail, sign-in limits), not the proxy's.
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    # Each global mechanism is installed by a step named for it. The request hooks run in
    # the order these steps add them; tests/test_request_pipeline.py writes it down.
    register_extensions(app)
    register_figures_upkeep(app)
    register_url_converters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_checks(app)
    register_template_helpers(app)
    register_commands(app)
    register_response_headers(app)
    register_audit(app)
    register_session_limits(app)
    register_two_factor_gate(app)
    register_forms_sent_once(app)
    register_scheduler(app)
    return app


def register_extensions(app: Flask) -> None:
    import pathway.models  # noqa: F401  (registers every table)
    from pathway import crypto

    crypto.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=_migrations_directory(), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def _migrations_directory() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL mode, a busy timeout and enforced foreign keys on every SQLite connection."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()


def register_figures_upkeep(app: Flask) -> None:
    """The redress figures' summary follows every stage event, consent and nomination
    written, in the same transaction (``reports/figures/in_step.py``)."""
    from pathway.reports.figures.in_step import register_figures_upkeep as register

    register(app)


def register_url_converters(app: Flask) -> None:
    """Before any route: ``<int:...>`` takes only numbers a record id can be (else 404)."""
    from pathway.db_types import RecordIdConverter

    app.url_map.converters["int"] = RecordIdConverter


def register_blueprints(app: Flask) -> None:
    """Every feature's blueprints, from its ``blueprint.py``, in this order."""
    for feature in FEATURES:
        pages = import_module(f"{feature}.blueprint")
        for views in pages.VIEWS:
            import_module(views)  # its routes go on the feature's blueprints
        for blueprint in pages.BLUEPRINTS:
            app.register_blueprint(blueprint)
    # htmx comes from an installed package and is served by the app itself (no CDN).
    vendor = Blueprint(
        "vendor",
        __name__,
        static_folder=str(files("js_lib_htmx") / "static" / "htmx"),
        static_url_path="/vendor/htmx",
    )
    app.register_blueprint(vendor)


def register_request_checks(app: Flask) -> None:
    """A NUL character in a form, query or path is refused (400) before any view sees it:
    nobody types one, and PostgreSQL cannot store or compare it (that would be a 500)."""

    @app.before_request
    def refuse_nul_characters():
        sources = [request.args] if request.query_string else []
        if request.method not in ("GET", "HEAD"):
            sources.append(request.form)
        values = [request.path] + [
            value for source in sources for _, values in source.lists() for value in values
        ]
        if any("\x00" in value for value in values):
            abort(400)


def register_errorhandlers(app: Flask) -> None:
    def render_error(error):
        code = getattr(error, "code", 500)
        if code == 500:
            db.session.rollback()
        if htmx and not htmx.history_restore_request:
            return render_template("errors/_fragment.html", code=code), code
        return render_template("errors/page.html", code=code), code

    for code in (400, 403, 404, 405, 409, 413, 500):
        app.register_error_handler(code, render_error)

    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/page.html", code=400, csrf=True), 400


def register_template_helpers(app: Flask) -> None:
    from pathway.clock import to_london
    from pathway.navigation import error_text, error_title, nav_links

    app.jinja_env.globals.update(
        nav_links=nav_links, error_title=error_title, error_text=error_text
    )

    @app.template_filter("london")
    def london(moment, fmt="%d %b %Y, %H:%M"):
        return to_london(moment).strftime(fmt) if moment else ""

    @app.template_filter("day")
    def day(value, fmt="%a %d %b %Y"):
        return value.strftime(fmt) if value else ""


def register_commands(app: Flask) -> None:
    from pathway.jobs.cli import jobs_cli
    from pathway.reports.figures.in_step import reports_cli

    app.cli.add_command(jobs_cli)
    app.cli.add_command(reports_cli)
    if app.config["PATHWAY_ENV"] != "production":  # dev data: never even imported there
        register_devdata_commands(app)


def register_devdata_commands(app: Flask) -> None:
    """``flask pathway demo`` and ``flask pathway generate``."""
    from pathway.devdata.demo import demo_cli
    from pathway.devdata.scale.generate import generate_command

    demo_cli.add_command(generate_command)
    app.cli.add_command(demo_cli)


def register_two_factor_gate(app: Flask) -> None:
    """After the session limits: who must set up two-factor first reaches nothing else."""
    from pathway.auth.two_factor.views import register_two_factor_gate as register

    register(app)


def register_scheduler(app: Flask) -> None:
    """Only with the development setting RUN_SCHEDULER_IN_WEB; else `flask jobs run` does it."""
    from pathway.jobs.scheduler import register_web_scheduler

    register_web_scheduler(app)


# No inline scripts or styles anywhere: pages, fragments and SVG charts use static files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def register_response_headers(app: Flask) -> None:
    # No view sets these (a test holds them to that), so they are added, not looked for first.
    security = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ]

    @app.after_request
    def add_headers(response):
        headers = response.headers
        # A page and its htmx fragment share a URL: caches and the back button must tell them apart.
        vary = headers.get("Vary")
        headers["Vary"] = f"{vary}, HX-Request" if vary else "HX-Request"
        headers.extend(security)
        if app.config["PATHWAY_ENV"] == "production":
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint and not request.endpoint.startswith(("static", "vendor")):
            headers.setdefault("Cache-Control", "no-store")
        return response
