"""Signing in and out, and each role's home page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from pathway.access import role_required
from pathway.audit.services import record_audit
from pathway.auth import account
from pathway.auth.blueprint import bp
from pathway.auth.forms import ChangePasswordForm, LoginForm
from pathway.auth.models import Role, User
from pathway.auth.signin import sign_in
from pathway.auth.two_factor import pending as two_factor_pending
from pathway.auth.two_factor import services as two_factor
from pathway.clock import utcnow
from pathway.db_types import MAX_RECORD_ID
from pathway.extensions import db, login_manager
from pathway.saving import save

HOME_OF = {
    Role.ADMIN: "admin.index",
    Role.COACH: "candidates.caseload",
    Role.PARTNERSHIP_LEAD: "placements.overview",
    Role.SITE_MANAGER: "placements.board",
    Role.CR_OFFICER: "reports.figures",
}


# Built once: building the statement costs more than running it, on every request. A site
# manager's sites load when the access policy first asks (others never need them).
_WHERE = (User.id == bindparam("user_id"), User.session_version == bindparam("version"))
_SIGNED_IN_USER = select(User).where(*_WHERE).options(joinedload(User.organisation))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session names the user and the session version it began with: raising the
    version (sign-out, password change, disabling) ends every such session at once."""
    number, _, version = user_id.partition(":")
    if not number.isdigit() or not version.isdigit():
        return None
    if int(number) > MAX_RECORD_ID or int(version) > MAX_RECORD_ID:
        return None
    values = {"user_id": int(number), "version": int(version)}
    return db.session.execute(_SIGNED_IN_USER, values).scalar()


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


@bp.route("/")
@login_required
def home():
    return redirect(url_for(HOME_OF[current_user.role]))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = sign_in(form.email.data, form.password.data, request.remote_addr or "", utcnow())
        if attempt.user is not None:
            target = request.args.get("next")
            target = target if is_safe_next(target) else None
            if attempt.needs_code:  # not signed in yet: the code comes first
                two_factor_pending.begin(attempt.user)
                return redirect(url_for("two_factor.sign_in_code", next=target))
            login_user(attempt.user)
            if two_factor.must_enrol(attempt.user):
                flash("Your role needs two-factor sign-in. Set it up now to continue.", "info")
                return redirect(url_for("two_factor.setup", next=target))
            return redirect(target or url_for("auth.home"))
        form.password.errors.append(attempt.refusal)
        if attempt.try_again_at is not None:
            return render_template("auth/login.html", form=form), 429
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Signing out ends every session of this user, on every device."""
    record_audit("logout", "user", current_user.id)
    current_user.end_all_sessions()
    db.session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@role_required(*Role)
def change_password():
    """Changing the password ends every other session of this user."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        saved = save(
            lambda: account.change_password(
                current_user, form.current_password.data, form.new_password.data, form.confirm.data
            ),
            form,
        )
        if saved:
            record_audit("password_change", "user", current_user.id)
            login_user(current_user._get_current_object())  # this session, new version
            flash("Your password is changed. You are signed out everywhere else.", "success")
            return redirect(url_for("auth.home"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200
