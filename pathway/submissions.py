"""A form sent twice is saved once.

A double click on a slow connection, or a form sent again with the back button, must not
record a survivor twice or answer 500. Every form Pathway draws carries a key of its own
(``form_key()`` in the templates: a hidden ``form_key``, new each time the form is drawn).
When a view's work is saved (``saving.save``) the key is stored with it, in the same
transaction (``SentForm``); a second request with the same key then saves nothing:

- sent after the first was answered, it is sent where the first one led, with a flash
  saying so (``_answer_a_form_sent_again``, before the view);
- sent while the first was still being saved, its own save fails on the key's uniqueness
  and is undone, and it answers "already saved" (``saving.SentTwice``, 409);
- sent while the first was saving and refused once it was saved (a rule the first copy's
  work now breaks, such as a nomination no longer waiting), it is answered as a copy sent
  after the first (``_a_copy_refused_because_the_first_was_saved``, after the view).

Keys are kept a day. A request without a key (a script, a test) is saved as before.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import Flask, Response, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import DateTime, ForeignKey, String, delete, update
from sqlalchemy.orm import Mapped, mapped_column

from pathway.clock import utcnow
from pathway.extensions import db, htmx

FIELD = "form_key"
KEPT = timedelta(days=1)
SENT_AGAIN = "That form was sent twice: it is saved once."
REFUSED = (403, 404, 409, 422)  # what a copy may be answered once the first is saved


class SentForm(db.Model):
    """A form whose work was saved: its key, who sent it and where the answer led."""

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    answer: Mapped[str | None] = mapped_column(String(500))  # the page the first answer led to


def form_key() -> str:
    """A new key for a form being drawn (a template global)."""
    return secrets.token_urlsafe(18)


def register_forms_sent_once(app: Flask) -> None:
    """After the session limits and two-factor gate: a form sent again is answered as the
    first was; after the view, where a saved form led is noted for such a second copy."""
    app.jinja_env.globals["form_key"] = form_key
    app.before_request(_answer_a_form_sent_again)
    app.after_request(_remember_where_a_form_led)


def sent_key() -> str | None:
    """This request's form key, if it is a signed-in user's form post that carries one."""
    if request.method != "POST" or not current_user.is_authenticated:
        return None
    key = request.form.get(FIELD, "")
    return key if 16 <= len(key) <= 64 else None


def claim(key: str) -> None:
    """Store ``key`` with the work being saved (flushed: a copy already saved conflicts)."""
    db.session.execute(delete(SentForm).where(SentForm.sent_at < utcnow() - KEPT))
    db.session.add(SentForm(key=key, user_id=current_user.id, sent_at=utcnow()))
    db.session.flush()
    g.form_key_saved = key


def was_saved(key: str) -> SentForm | None:
    sent = db.session.get(SentForm, key)
    return sent if sent is not None and sent.user_id == current_user.id else None


def _answer_a_form_sent_again() -> Response | None:
    key = sent_key()
    sent = was_saved(key) if key else None
    return None if sent is None else _led_where_it_led(sent)


def _led_where_it_led(sent: SentForm) -> Response:
    flash(SENT_AGAIN, "info")
    target = sent.answer or _on_this_site(request.referrer) or url_for("auth.home")
    if htmx:  # the whole page shows where the first answer led
        response = Response(SENT_AGAIN, status=200, mimetype="text/plain")
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


def _on_this_site(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    if not parts.path or (parts.netloc and parts.netloc != request.host):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _remember_where_a_form_led(response: Response) -> Response:
    key = g.pop("form_key_saved", None)
    if key and response.status_code in (301, 302, 303) and response.location:
        db.session.rollback()  # the view has committed what it meant to
        db.session.execute(
            update(SentForm).where(SentForm.key == key).values(answer=response.location[:500])
        )
        db.session.commit()
    elif key is None and response.status_code in REFUSED:
        return _a_copy_refused_because_the_first_was_saved(response)
    return response


def _a_copy_refused_because_the_first_was_saved(response: Response) -> Response:
    """A second copy that passed the check before the view while the first was still
    saving, then was refused because the first is now saved (a review already recorded
    that day; a nomination no longer waiting): answered as a copy sent again."""
    db.session.rollback()  # read what other requests have saved since
    return _answer_a_form_sent_again() or response
