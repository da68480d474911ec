"""Portal administration: organisations, their sites, and the people who sign in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pathway.access import one_or_404, role_required, sites_for
from pathway.admin import services
from pathway.admin.blueprint import bp
from pathway.admin.forms import EditUserForm, NewUserForm, OrganisationForm, SiteForm
from pathway.auth import invitations
from pathway.auth.invitations import Delivery
from pathway.auth.models import Organisation, OrganisationKind, Role, User
from pathway.clock import utcnow
from pathway.employers.models import Site
from pathway.extensions import db
from pathway.forms import options
from pathway.saving import save


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    organisations = db.session.scalars(
        select(Organisation)
        .options(selectinload(Organisation.sites))
        .order_by(Organisation.kind, Organisation.name)
    ).all()
    users = db.session.scalars(
        select(User)
        .options(selectinload(User.organisation), selectinload(User.sites))
        .order_by(User.name)
    ).all()
    return render_template("admin/index.html", organisations=organisations, users=users)


@bp.route("/organisations/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_organisation():
    form = OrganisationForm()
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: services.create_organisation(
                form.name.data, OrganisationKind(form.kind.data), form.reference_prefix.data
            ),
            form,
        )
        if saved:
            flash(f"{saved.value.name} is added.", "success")
            return redirect(url_for("admin.index"))
        refusal = saved.refusal
    return _form_page("admin/new_organisation.html", form, refusal)


@bp.route("/organisations/<int:organisation_id>/sites/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_site(organisation_id: int):
    employers = select(Organisation).where(Organisation.kind == OrganisationKind.EMPLOYER)
    employer = one_or_404(employers, organisation_id)
    form = SiteForm()
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: services.create_site(
                employer, form.name.data, form.town.data, form.region.data
            ),
            form,
        )
        if saved:
            flash(f"{saved.value.name} is added to {employer.name}.", "success")
            return redirect(url_for("admin.index"))
        refusal = saved.refusal
    return _form_page("admin/new_site.html", form, refusal, employer=employer)


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    form = NewUserForm()
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = options(
        [("", "Choose an organisation")]
        + [(org.id, f"{org.name} ({org.kind.label})") for org in organisations]
    )
    sites = _offer_sites(form, db.session.scalars(sites_for(current_user)).all())
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: services.create_user(
                name=form.name.data,
                email=form.email.data,
                organisation=next(o for o in organisations if o.id == form.organisation.data),
                role=Role(form.role.data),
                sites=_chosen(sites, form.sites.data),
            ),
            form,
        )
        refusal = saved.refusal
        if saved:
            user = saved.value
            delivery = invitations.send_invitation(user, utcnow())
            flash(f"An account for {user.name} is set up.", "success")
            _flash_delivery(delivery, user, "Invitation")
            return redirect(url_for("admin.index"))
    return _form_page("admin/new_user.html", form, refusal)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int):
    user = one_or_404(select(User), user_id)
    if request.method == "POST":
        form = EditUserForm()
    else:
        form = EditUserForm(
            data=dict(role=user.role.value, sites=sorted(user.site_ids), active=user.active)
        )
    sites = _offer_sites(form, user.organisation.sites)
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: services.update_user(
                user,
                role=Role(form.role.data),
                sites=_chosen(sites, form.sites.data),
                active=form.active.data,
                by=current_user,
            ),
            form,
        )
        if saved:
            flash(f"{user.name}'s account is saved.", "success")
            return redirect(url_for("admin.index"))
        refusal = saved.refusal
    return _form_page("admin/edit_user.html", form, refusal, user=user)


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@role_required(Role.ADMIN)
def send_invitation(user_id: int):
    """Send the invitation again: a new link; the older ones stop working."""
    user = one_or_404(select(User), user_id)
    return _send_link(invitations.send_invitation, user, "Invitation")


@bp.route("/users/<int:user_id>/password-reset", methods=["POST"])
@role_required(Role.ADMIN)
def send_password_reset(user_id: int):
    user = one_or_404(select(User), user_id)
    return _send_link(invitations.send_password_reset, user, "Password reset link")


def _send_link(send, user: User, what: str):
    saved = save(lambda: send(user, utcnow()))
    if saved:
        _flash_delivery(saved.value, user, what)
    else:
        flash(saved.refusal, "error")
    return redirect(url_for("admin.edit_user", user_id=user.id))


def _flash_delivery(delivery: Delivery, user: User, what: str) -> None:
    """Tell the administrator whether the e-mail went (they may see the address)."""
    if delivery is Delivery.SENT:
        flash(f"{what} sent to {user.email}.", "success")
    elif delivery is Delivery.FAILED:
        flash(
            f"{what} not sent to {user.email}: the mail server did not answer. "
            "Send it again from the account's page.",
            "error",
        )
    else:
        flash(
            f"{what} not e-mailed to {user.email}: no mail server is set (MAIL_SERVER). "
            "In development its link is in the server's log.",
            "warning",
        )


def _offer_sites(form, sites: list[Site]) -> list[Site]:
    form.sites.choices = options(
        (site.id, f"{site.employer.name}: {site.name}, {site.town}") for site in sites
    )
    return list(sites)


def _chosen(sites: list[Site], ids: list[int]) -> list[Site]:
    wanted = set(ids or ())
    return [site for site in sites if site.id in wanted]


def _form_page(template: str, form, refusal: str | None, **context):
    status = 422 if form.errors or refusal else 200
    return render_template(template, form=form, refusal=refusal, **context), status
