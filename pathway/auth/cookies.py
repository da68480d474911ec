"""Flask's signed-cookie sessions, checked once per process rather than on every request.

Opening a session means checking the cookie's signature, inflating and decoding it: more
work than serving a kept page. Each process remembers the cookies it has already checked
(``CHECKED_KEPT`` of them, the oldest going first) and what they held, so the same cookie
sent again is only looked up. Nothing else changes: a cookie is accepted only once its
signature was checked, it still ends ``PERMANENT_SESSION_LIFETIME`` after it was signed,
and every request gets its own copy of the data to change.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

CHECKED_KEPT = 4096  # per process: a few hundred bytes each


class CheckedCookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._checked: OrderedDict[str, tuple[dict, float]] = OrderedDict()
        self._lock = threading.Lock()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not app.secret_key:
            return None  # as Flask does: no sessions without a secret key
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        longest = app.permanent_session_lifetime.total_seconds()
        checked = self._checked.get(value)
        if checked is None:
            checked = self._check(app, value, longest)
            if checked is None:
                return self.session_class()
        data, signed_at = checked
        if not 0 <= time.time() - signed_at <= longest:
            return self.session_class()
        if not all(isinstance(value, str | int | float | None) for value in data.values()):
            data = copy.deepcopy(data)  # e.g. messages to flash: this request's own to change
        return self.session_class(data)  # (a new dict of the same values)

    def _check(self, app: Flask, value: str, longest: float) -> tuple[dict, float] | None:
        """The cookie's data and when it was signed, if its signature is good."""
        serializer = self.get_signing_serializer(app)
        try:
            data, signed_at = serializer.loads(value, max_age=int(longest), return_timestamp=True)
        except BadSignature:  # also an expired one
            return None
        checked = (data, signed_at.timestamp())
        with self._lock:
            self._checked[value] = checked
            while len(self._checked) > CHECKED_KEPT:
                self._checked.popitem(last=False)
        return checked
