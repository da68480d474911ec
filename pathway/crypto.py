"""Encryption at rest for the most sensitive free text (coach notes and the like).

The key comes from the environment (``ENCRYPTION_KEY``: one or more Fernet keys separated by
commas; the first encrypts, every one decrypts, so keys can be rotated). It is never stored
in the database or the repository. Columns typed ``EncryptedText`` hold Fernet tokens
(AES-128-CBC with an HMAC-SHA256), so a copy of the database file alone reveals no note.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

EXTENSION = "pathway.crypto"
HOW_TO_GENERATE = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


class EncryptionKeyError(RuntimeError):
    """The encryption key is missing, malformed, or not the one the data was written with."""


def parse_keys(value: str) -> MultiFernet:
    keys = [part.strip() for part in value.split(",") if part.strip()]
    if not keys:
        raise EncryptionKeyError("ENCRYPTION_KEY is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise EncryptionKeyError(
            "ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes), e.g. from "
            + HOW_TO_GENERATE
        ) from error


def new_key() -> str:
    return Fernet.generate_key().decode()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = parse_keys(app.config["ENCRYPTION_KEY"])


def _cipher() -> MultiFernet:
    return current_app.extensions[EXTENSION]


def encrypt(plain: str) -> str:
    return _cipher().encrypt(plain.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _cipher().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as error:
        raise EncryptionKeyError(
            "Cannot decrypt a stored note: ENCRYPTION_KEY is not the key it was written with "
            "(when rotating, keep the old key after the new one)."
        ) from error


def rotate(token: str) -> str:
    """The token re-encrypted under the first (current) key."""
    return _cipher().rotate(token.encode("ascii")).decode("ascii")


class EncryptedText(TypeDecorator):
    """A string column stored encrypted. Empty strings stay empty (they say nothing)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return value
        return encrypt(value)

    def process_result_value(self, value, dialect):
        if value is None or value == "":
            return value
        return decrypt(value)
