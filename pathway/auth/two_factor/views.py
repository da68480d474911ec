"""Two-factor pages: the code after the password, setting it up, recovery codes, turning it
off, an administrator's reset; and the gate that keeps a user who must set it up from
everything else."""

from __future__ import annotations

import time

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_user
from sqlalchemy import select

from pathway.access import one_or_404, role_required
from pathway.audit.services import record_audit
from pathway.auth.models import Role, User
from pathway.auth.two_factor import pending, services
from pathway.auth.two_factor.blueprint import bp
from pathway.auth.two_factor.forms import CodeForm
from pathway.auth.views import is_safe_next
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.saving import save

# What a user who must set up two-factor may still reach.
WHILE_ENROLLING = {"two_factor.setup", "auth.logout"}


def _next_target() -> str | None:
    target = request.args.get("next")
    return target if is_safe_next(target) else None


@bp.route("/login/code", methods=["GET", "POST"])
def sign_in_code():
    """The second step of signing in: a code from the app, or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    waiting = pending.current(time.time())
    if waiting.user is None:
        if waiting.expired:
            flash(
                "Please sign in again: the code must follow the password within 5 minutes.",
                "info",
            )
        return redirect(url_for("auth.login", next=_next_target()))
    user = waiting.user
    form = CodeForm()
    if form.validate_on_submit():
        attempt = services.attempt_code(user, form.code.data, request.remote_addr or "", utcnow())
        if attempt.accepted:
            pending.clear()
            login_user(user)
            record_audit("login", "user", user.id, user=user)
            if attempt.outcome is services.CodeOutcome.RECOVERY:
                left = services.remaining_recovery_codes(user)
                flash(
                    f"You signed in with a recovery code; {left} left. If your authenticator "
                    "is lost, renew your recovery codes or ask an administrator to reset "
                    "two-factor.",
                    "info",
                )
            return redirect(_next_target() or url_for("auth.home"))
        form.code.errors.append(attempt.refusal)
        if attempt.try_again_at is not None:
            pending.clear()
            return render_template("two_factor/sign_in_code.html", form=form), 429
    status = 422 if form.errors else 200
    return render_template("two_factor/sign_in_code.html", form=form), status


@bp.route("/account/two-factor", methods=["GET", "POST"])
@role_required(*Role)
def setup():
    """Two-factor for one's own account: set it up (QR code, then a code to confirm), or,
    once on, see how many recovery codes are left."""
    user = current_user._get_current_object()
    if services.is_enrolled(user):
        return render_template(
            "two_factor/status.html",
            two_factor=services.two_factor_of(user),
            remaining=services.remaining_recovery_codes(user),
            may_turn_off=services.may_turn_off(user),
            required=services.required_for(user),
        )
    two_factor = services.start_enrolment(user)
    db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        saved = save(lambda: services.confirm_enrolment(user, form.code.data, utcnow()), form)
        if saved:
            login_user(user)  # this session goes on, with the new session version
            return render_template(
                "two_factor/recovery_codes.html",
                codes=saved.value,
                just_enrolled=True,
                continue_to=_next_target() or url_for("auth.home"),
            )
        if saved.refusal:  # not about the code typed: still said beside it
            form.code.errors.append(saved.refusal)
    address = services.provisioning_uri(user, two_factor)
    page = render_template(
        "two_factor/setup.html",
        form=form,
        qr_code=services.qr_code_data_uri(address),
        secret=services.grouped_secret(two_factor.secret),
        required=services.required_for(user),
    )
    return page, 422 if form.errors else 200


@bp.route("/account/two-factor/recovery-codes", methods=["GET", "POST"])
@role_required(*Role)
def recovery_codes():
    """New recovery codes in place of the old ones, for a current code."""
    user = current_user._get_current_object()
    if not services.is_enrolled(user):
        return redirect(url_for("two_factor.setup"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        saved = save(
            lambda: services.renew_recovery_codes(
                user, form.code.data, request.remote_addr or "", utcnow()
            ),
            form,
        )
        if saved:
            return render_template(
                "two_factor/recovery_codes.html",
                codes=saved.value,
                continue_to=url_for("two_factor.setup"),
            )
        status = _refused_status(saved)
    elif form.errors:
        status = 422
    return render_template("two_factor/renew.html", form=form), status


def _refused_status(saved) -> int:
    """A wrong code: 422; too many of them, the account locked for a while: 429."""
    return 429 if getattr(saved.refused, "try_again_at", None) else 422


@bp.route("/account/two-factor/turn-off", methods=["GET", "POST"])
@role_required(*Role)
def turn_off():
    """Turning two-factor off, for a current code, where the role does not need it."""
    user = current_user._get_current_object()
    if not services.is_enrolled(user):
        return redirect(url_for("two_factor.setup"))
    form = CodeForm()
    refusal, status = None, 200
    if services.required_for(user):
        refusal = services.turn_off_refusal(user)
    elif form.validate_on_submit():
        saved = save(
            lambda: services.turn_off(user, form.code.data, request.remote_addr or "", utcnow()),
            form,
        )
        if saved:
            flash("Two-factor sign-in is off for your account.", "success")
            return redirect(url_for("two_factor.setup"))
        status = _refused_status(saved)
        refusal = saved.refusal
    elif form.errors:
        status = 422
    return render_template("two_factor/turn_off.html", form=form, refusal=refusal), status


@bp.route("/admin/users/<int:user_id>/two-factor/reset", methods=["POST"])
@role_required(Role.ADMIN)
def reset(user_id: int):
    """An administrator removes a user's two-factor (a lost phone); their sessions end."""
    user = one_or_404(select(User), user_id)
    saved = save(lambda: services.reset_by_administrator(user, current_user._get_current_object()))
    if saved:
        again = (
            " They set it up again when they next sign in." if services.required_for(user) else ""
        )
        flash(
            f"{user.name}'s two-factor sign-in is reset and they are signed out everywhere."
            + again,
            "success",
        )
    else:
        flash(saved.refusal, "error")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.app_context_processor
def two_factor_helpers() -> dict:
    return {"two_factor_of": services.two_factor_of}


def register_two_factor_gate(app: Flask) -> None:
    """After the session checks: a user whose role needs two-factor, and who has not set it
    up, reaches only the set-up page (and signing out) until they have."""
    app.before_request(_send_to_enrolment)


def _send_to_enrolment():
    if not current_app.config["TWO_FACTOR_REQUIRED"] or not current_user.is_authenticated:
        return None
    if request.endpoint in ("static", "vendor.static"):
        return None
    if not services.must_enrol(current_user):
        return None
    g.two_factor_enrolment_due = True  # the header offers no other pages meanwhile
    if request.endpoint in WHILE_ENROLLING:
        return None
    if request.method in ("GET", "HEAD"):
        target = request.full_path.rstrip("?")
        return redirect(url_for("two_factor.setup", next=target))
    abort(403)
