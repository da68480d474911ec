"""Signing in and out, and each role's home page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from pathway.auth.forms import LoginForm
from pathway.auth.models import Role, User
from pathway.extensions import db, login_manager

bp = Blueprint("auth", __name__)

HOME_OF = {
    Role.ADMIN: "admin.index",
    Role.COACH: "candidates.caseload",
    Role.PARTNERSHIP_LEAD: "placements.lead_home",
    Role.SITE_MANAGER: "placements.board",
    Role.CR_OFFICER: "reports.figures",
}
# Checked against when no account matches, so a failed login takes as long either way.
_DUMMY = User(email="", name="", role=Role.COACH, organisation_id=0)
_DUMMY.set_password("not a real password")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


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
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        password_ok = (user or _DUMMY).check_password(form.password.data)
        if user and password_ok and user.active:
            login_user(user)
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("auth.home"))
        form.password.errors.append("That email and password do not match an active account.")
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
