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


def _development_secret(instance_path: str) -> str:
    """A random key kept in the instance folder, so development sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


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
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or default_db,
        "SQLITE_BUSY_TIMEOUT_MS": _int(env.get("SQLITE_BUSY_TIMEOUT_MS"), 5000),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_ENABLED": _bool(env.get("WTF_CSRF_ENABLED"), True),
        "DISCLOSURE_THRESHOLD": _int(env.get("DISCLOSURE_THRESHOLD"), 5),
        "ALLOW_DEMO_DATA": not production,
        # Werkzeug's scrypt; the test suite lowers its cost to stay quick.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1" if profile == "testing" else "scrypt",
    }
