"""Signing in and out, and each role's home page."""

from __future__ import annotations

import secrets
from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from pathway.auth.forms import LoginForm
from pathway.auth.models import Role, User
from pathway.extensions import db, login_manager

bp = Blueprint("auth", __name__)

HOME_OF = {
    Role.ADMIN: "admin.index",
    Role.COACH: "candidates.caseload",
    Role.PARTNERSHIP_LEAD: "placements.overview",
    Role.SITE_MANAGER: "placements.board",
    Role.CR_OFFICER: "reports.figures",
}


@cache
def _unknown_account_hash(method: str) -> str:
    """Checked when no account matches, so a failed login takes as long either way."""
    return generate_password_hash(secrets.token_hex(16), method=method)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    query = (
        select(User)
        .where(User.id == int(user_id))
        .options(joinedload(User.organisation), selectinload(User.sites))
    )
    return db.session.scalar(query)


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
        if user is None:
            method = current_app.config["PASSWORD_HASH_METHOD"]
            check_password_hash(_unknown_account_hash(method), form.password.data)
        password_ok = user is not None and user.check_password(form.password.data)
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
