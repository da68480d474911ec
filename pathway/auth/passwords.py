"""Password rules: at least 12 characters, and not one of the most common passwords."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

MIN_LENGTH = 12
MAX_LENGTH = 200


@cache
def common_passwords() -> frozenset[str]:
    text = (files("pathway.auth") / "common_passwords.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why ``password`` may not be used, in plain words, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"The password needs at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"The password can have at most {MAX_LENGTH} characters."
    folded = "".join(password.lower().split())
    if folded in common_passwords():
        return "That password is too common and easy to guess. Choose another."
    if email and folded == "".join(email.lower().split()):
        return "The password must not be the email address."
    if len(set(folded)) < 4:
        return "That password is too easy to guess. Choose another."
    return None
