"""Settings read from the environment, with safe defaults.

``PATHWAY_ENV`` chooses the profile: ``production`` (the default), ``development``
or ``testing``. Outside development and testing ``SECRET_KEY`` must be set.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENVIRONMENTS = ("production", "development", "testing")


class ConfigError(RuntimeError):
    """A required setting is missing or wrong."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    return int(value) if value not in (None, "") else default


def _development_secret(instance_path: str, name: str = "secret_key", make=None) -> str:
    """A random key kept in the instance folder (outside the repository and the database),
    so development sessions and encrypted notes survive restarts."""
    path = Path(instance_path) / name
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = make() if make else secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _encryption_key(env: dict[str, str], instance_path: str, production: bool) -> str:
    key = env.get("ENCRYPTION_KEY", "").strip()
    if key:
        return key
    from pathway import crypto

    if production:
        raise ConfigError(
            "ENCRYPTION_KEY is not set. Coach notes are encrypted with it; generate one with "
            f"{crypto.HOW_TO_GENERATE} and keep it apart from database backups."
        )
    return _development_secret(instance_path, "encryption_key", crypto.new_key)


def load_config(instance_path: str, environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from the environment."""
    env = dict(os.environ if environ is None else environ)
    profile = env.get("PATHWAY_ENV", "production").strip().lower()
    if profile not in ENVIRONMENTS:
        raise ConfigError(f"PATHWAY_ENV must be one of {', '.join(ENVIRONMENTS)}, not {profile!r}")
    production = profile == "production"

    secret_key = env.get("SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random value "
                "(python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        secret_key = _development_secret(instance_path)

    default_db = "sqlite:///" + str(Path(instance_path) / "pathway.sqlite3")
    return {
        "PATHWAY_ENV": profile,
        "TESTING": profile == "testing",
        "SECRET_KEY": secret_key,
        "ENCRYPTION_KEY": _encryption_key(env, instance_path, production),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or default_db,
        "SQLITE_BUSY_TIMEOUT_MS": _int(env.get("SQLITE_BUSY_TIMEOUT_MS"), 5000),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_IDLE_MINUTES": _int(env.get("SESSION_IDLE_MINUTES"), 30),
        "SESSION_MAX_HOURS": _int(env.get("SESSION_MAX_HOURS"), 12),
        # The cookie is re-sent only when the session changed (sessions.SEEN_EVERY_SECONDS).
        "SESSION_REFRESH_EACH_REQUEST": False,
        "PERMANENT_SESSION_LIFETIME": _int(env.get("SESSION_MAX_HOURS"), 12) * 3600,
        "LOGIN_ACCOUNT_FAILURES": _int(env.get("LOGIN_ACCOUNT_FAILURES"), 6),
        "LOGIN_ACCOUNT_WINDOW_MINUTES": _int(env.get("LOGIN_ACCOUNT_WINDOW_MINUTES"), 15),
        "LOGIN_LOCK_MINUTES": _int(env.get("LOGIN_LOCK_MINUTES"), 30),
        "LOGIN_IP_FAILURES": _int(env.get("LOGIN_IP_FAILURES"), 30),
        "LOGIN_IP_WINDOW_MINUTES": _int(env.get("LOGIN_IP_WINDOW_MINUTES"), 15),
        # Administrators and coaches must sign in with a code from an authenticator app.
        "TWO_FACTOR_REQUIRED": _bool(env.get("TWO_FACTOR_REQUIRED"), production),
        # E-mailed links to choose a password (pathway/auth/links.py).
        "INVITATION_LINK_DAYS": _int(env.get("INVITATION_LINK_DAYS"), 7),
        "RESET_LINK_MINUTES": _int(env.get("RESET_LINK_MINUTES"), 60),
        "RESET_EMAILS_PER_HOUR": _int(env.get("RESET_EMAILS_PER_HOUR"), 3),
        "RESET_IP_REQUESTS": _int(env.get("RESET_IP_REQUESTS"), 10),
        "RESET_IP_WINDOW_MINUTES": _int(env.get("RESET_IP_WINDOW_MINUTES"), 15),
        # Reverse proxies in front of Pathway whose X-Forwarded-For is trusted (nginx: 1).
        "TRUSTED_PROXIES": _int(env.get("TRUSTED_PROXIES"), 0),
        "WTF_CSRF_ENABLED": _bool(env.get("WTF_CSRF_ENABLED"), True),
        "DISCLOSURE_THRESHOLD": _int(env.get("DISCLOSURE_THRESHOLD"), 5),
        "DISCLOSURE_MIN_DENOMINATOR": _int(env.get("DISCLOSURE_MIN_DENOMINATOR"), 10),
        "DISCLOSURE_ROUNDING": _int(env.get("DISCLOSURE_ROUNDING"), 0),
        "RETENTION_MONTHS": _retention_months(env),
        "ALLOW_DEMO_DATA": not production,
        # Werkzeug's scrypt; the test suite lowers its cost to stay quick.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1" if profile == "testing" else "scrypt",
        **_timed_work_settings(env, profile),
    }


def _retention_months(env: dict[str, str]) -> int:
    """How long a candidate may stay inactive before the retention job erases their data."""
    value = env.get("RETENTION_MONTHS", "").strip()
    if not value:
        return 24
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(
            f"RETENTION_MONTHS must be a whole number of months, 1 or more, not {value!r}"
        )
    return int(value)


def _timed_work_settings(env: dict[str, str], profile: str) -> dict:
    """The scheduler, job leases and e-mail (SMTP) settings, checked before the app starts."""
    production = profile == "production"
    run_in_web = _bool(env.get("RUN_SCHEDULER_IN_WEB"))
    if run_in_web and production:
        raise ConfigError(
            "RUN_SCHEDULER_IN_WEB is a single-process development setting. In production run "
            "the scheduler in its own process: flask --app wsgi jobs run"
        )
    use_ssl = _bool(env.get("MAIL_USE_SSL"))
    use_tls = _bool(env.get("MAIL_USE_TLS"), not use_ssl)
    if use_tls and use_ssl:
        raise ConfigError("Set MAIL_USE_TLS (STARTTLS, port 587) or MAIL_USE_SSL (port 465).")
    mail_server = env.get("MAIL_SERVER", "").strip()
    base_url = env.get("BASE_URL", "").strip().rstrip("/")
    if production and mail_server and not base_url:
        raise ConfigError(
            "BASE_URL is not set: e-mails link to Pathway, e.g. https://pathway.example.org"
        )
    return {
        "RUN_SCHEDULER_IN_WEB": run_in_web and profile == "development",
        "JOB_LEASE_SECONDS": _int(env.get("JOB_LEASE_SECONDS"), 1800),
        "BASE_URL": base_url or "http://127.0.0.1:5000",
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": _int(env.get("MAIL_PORT"), 465 if use_ssl else 587),
        "MAIL_USE_TLS": use_tls,
        "MAIL_USE_SSL": use_ssl,
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": env.get("MAIL_FROM", "").strip() or "Pathway <pathway@localhost>",
        "MAIL_TIMEOUT_SECONDS": _int(env.get("MAIL_TIMEOUT_SECONDS"), 30),
    }
