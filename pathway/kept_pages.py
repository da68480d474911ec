"""Whole pages each process keeps, under the change stamp (``pathway.changes``).

A kept page is served again only while nothing a page can show has changed since it was
drawn, to the same user (and session version), on the same day. It is kept with a slot for
the CSRF token, the one thing that differs between that user's sessions, and gets this
session's token when served. A page showing a one-time message is never kept. Pages live in
the app's memory (``app.extensions``), never on disk, and the oldest go first.

Serving one early (``serve_kept_page``, before the user is loaded): a page is kept only
after the whole request - sign-in, session limits, two-factor, the access policy, the view -
let that user see it. While the stamp has not moved, nothing those checks read has changed
(the user, their role, session version, organisation and two-factor included), so they
would let them see it again. What the stamp does not cover is checked again: the session's
own limits and origin (``sessions.good_as_it_stands``), the day, and the page asked for
(its address: a kept page never answers another record's URL). A page drawn while the
request holds changes it has not committed is not kept: they might never happen.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadData, URLSafeTimedSerializer

from pathway.auth.sessions import good_as_it_stands
from pathway.changes import changes_pending, current_stamp
from pathway.clock import today_london
from pathway.extensions import db
from pathway.fragments import wants_fragment

KEPT_BYTES = 32 * 2**20  # per process, all pages together (a character is counted a byte)
LARGEST_KEPT = 2 * 2**20  # a larger page (a lead's board of thousands of cards) is not kept
SIGNED_TOKENS_KEPT = 4096
CSRF_SALT = "wtf-csrf-token"  # Flask-WTF's (flask_wtf.csrf.generate_csrf)
# Stands for the CSRF token in kept HTML; random per process, so no data can spell it.
TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


class _Kept:
    def __init__(self) -> None:
        self.stamp: int | None = None
        self.pages: OrderedDict[tuple, str] = OrderedDict()
        self.size = 0  # of all pages kept
        self.endpoints: set[str] = set()  # the pages that are kept at all
        self.lock = threading.Lock()

    def get(self, stamp: int, key: tuple) -> str | None:
        with self.lock:
            if stamp != self.stamp:  # something changed: nothing kept is good any more
                self.pages.clear()
                self.size = 0
                self.stamp = stamp
                return None
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, stamp: int, key: tuple, page: str) -> None:
        if len(page) > LARGEST_KEPT:
            return
        with self.lock:
            if stamp != self.stamp:
                return
            self.size += len(page) - len(self.pages.get(key, ""))
            self.pages[key] = page
            while self.size > KEPT_BYTES:
                _, oldest = self.pages.popitem(last=False)
                self.size -= len(oldest)


def kept_page(draw: Callable[[], str], day: date) -> str:
    """The page ``draw()`` returns for this request's page and user on ``day``, kept until
    anything changes. ``draw`` may depend on nothing else but the data (``page_key``)."""
    if session.get("_flashes") or changes_pending(db.session):
        return with_csrf_token(draw())
    stamp = current_stamp()  # before the data: see pathway/changes.py
    if stamp is None:
        return with_csrf_token(draw())
    kept = current_app.extensions.setdefault("kept_pages", _Kept())
    key = page_key(day)
    page = kept.get(stamp, key)
    if page is None:
        token = csrf_token()  # first: the page is drawn with this token, and kept without it
        page = draw().replace(token, TOKEN_SLOT)
        kept.put(stamp, key, page)
    kept.endpoints.add(request.endpoint)
    return with_csrf_token(page)


def page_key(day: date) -> tuple:
    """All a kept page depends on besides the data: the page (its address, arguments and all)
    and its variant (whole, or an htmx fragment), the user and session version the session
    names, the day, and where the app is mounted (its links)."""
    user = session.get("_user_id")
    return (request.endpoint, request.path, user, day, wants_fragment(), request.script_root)


def serve_kept_page():
    """Before anything else reads the user: the kept page, if this GET asks for one."""
    if request.method != "GET" or request.query_string:
        return None
    kept = current_app.extensions.get("kept_pages")
    if kept is None or request.endpoint not in kept.endpoints:
        return None  # before the session is touched: other answers stay as they were
    if session.get("_flashes") or not good_as_it_stands():
        return None
    stamp = current_stamp()
    page = kept.get(stamp, page_key(today_london())) if stamp is not None else None
    return None if page is None else with_csrf_token(page)


def register_kept_pages(app: Flask) -> None:
    """After the request checks, before the session limits load the user. Templates get the
    session's token signed once (``csrf_token``), not a new signature on every page."""
    app.before_request(serve_kept_page)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})  # after Flask-WTF's: wins


def with_csrf_token(page: str) -> str:
    """The page with this session's CSRF token wherever a kept part left a slot for it."""
    return page.replace(TOKEN_SLOT, csrf_token())


_signed_tokens: OrderedDict[tuple, str] = OrderedDict()  # (secret, session's token) -> signed
_signed_lock = threading.Lock()


def csrf_token() -> str:
    """This session's CSRF token, signed once per process rather than on every page: every
    page of a session carries the same one (templates call this too).

    A signed token stays good for as long as the session's own token (Pathway sets no time
    limit on it, ``WTF_CSRF_TIME_LIMIT``), so the one signed first is as good as a new one."""
    if current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    own = session.get("csrf_token")
    signed = _signed_tokens.get((secret, own)) if own else None
    if signed is None:
        signed = generate_csrf()  # gives the session its own token if it had none
        own = session.get("csrf_token")
        if not _signs(secret, signed, own):  # signed earlier, before the session was emptied
            return signed
        with _signed_lock:
            _signed_tokens[(secret, own)] = signed
            while len(_signed_tokens) > SIGNED_TOKENS_KEPT:
                _signed_tokens.popitem(last=False)
    else:
        g.csrf_token = signed  # what generate_csrf() gives for the rest of this request
    return signed


def _signs(secret: str, signed: str, own: str | None) -> bool:
    """``signed`` is ``own`` signed (as Flask-WTF signs it): the token a form will accept."""
    try:
        return (
            own is not None and URLSafeTimedSerializer(secret, salt=CSRF_SALT).loads(signed) == own
        )
    except BadData:
        return False
