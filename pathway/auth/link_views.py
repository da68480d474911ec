"""Public pages for e-mailed links: "forgot your password?" and choosing a password.

The token in the path is the only personal thing in these URLs. A link that cannot be
used - unknown, tampered with, expired, used or replaced - gets one plain page (410).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import logout_user

from pathway.auth import invitations, links
from pathway.auth.blueprint import bp
from pathway.auth.forms import ChoosePasswordForm, ForgotPasswordForm
from pathway.auth.models import LinkPurpose
from pathway.clock import to_london, utcnow
from pathway.extensions import db
from pathway.refusals import FieldRefused

SAME_ANSWER = (
    "If an account exists for that address, we have sent a link to it to choose a new "
    "password. The link works for {duration}."
)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """The same answer whether or not the account exists; too many asks from one address
    are held back."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        held_until = invitations.request_password_reset(
            form.email.data, request.remote_addr or "", utcnow()
        )
        if held_until is None:
            duration = invitations.lifetime_in_words(LinkPurpose.PASSWORD_RESET)
            flash(SAME_ANSWER.format(duration=duration), "info")
            return redirect(url_for("auth.login"))
        when = to_london(held_until).strftime("%H:%M")
        form.email.errors.append(
            f"Too many requests from this connection. You can try again after {when} (UK time)."
        )
        return render_template("auth/forgot_password.html", form=form), 429
    status = 422 if form.errors else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/password/choose/<token>", methods=["GET", "POST"])
def choose_password(token: str):
    """Choose a password through a link; afterwards the person signs in with it."""
    now = utcnow()
    try:
        link = links.open_link(token, now)
    except links.LinkNotValid as error:
        return _not_valid(error)
    purpose = link.purpose
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            links.choose_password(token, form.password.data, form.confirm.data, now)
        except FieldRefused as refused:
            db.session.rollback()
            form[refused.field].errors.append(str(refused))
        except links.LinkNotValid as error:
            db.session.rollback()
            return _not_valid(error)
        else:
            db.session.commit()
            logout_user()  # whoever was signed in on this browser: every session has ended
            flash("Your password is set. Sign in with it.", "success")
            return redirect(url_for("auth.login"))
    status = 422 if form.errors else 200
    return render_template("auth/choose_password.html", form=form, purpose=purpose), status


def _not_valid(error: links.LinkNotValid):
    return render_template("auth/link_not_valid.html", message=str(error)), 410
