"""Employer programmes: leads define them, coaches read them before nominating."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from pathway.access import (
    may_manage_programme,
    one_or_404,
    programmes_for,
    role_required,
    sites_for,
)
from pathway.auth.models import Role
from pathway.candidates.readiness.rules import programme_weeks
from pathway.candidates.vocabulary import NrmDecision
from pathway.employers.blueprint import bp
from pathway.employers.forms import (
    MAX_STAGES,
    EditProgrammeForm,
    NewProgrammeForm,
    ProgrammeDetailsForm,
    StagesForm,
    options,
)
from pathway.employers.models import Programme, Site
from pathway.employers.services import create_programme, set_stages, update_programme
from pathway.extensions import db
from pathway.saving import save


def criteria_in_words(programme: Programme) -> list[tuple[str, str]]:
    """A programme's readiness criteria as (criterion, plain words) pairs."""
    accepted = [NrmDecision(code).label for code in programme.qualifying_nrm]
    return [
        ("English", f"{programme.min_english_level.label} or above"),
        (
            "Right to work",
            "Required: the right to work in the UK"
            if programme.right_to_work_required
            else "Not required",
        ),
        ("Minimum age", f"{programme.min_age} or over"),
        ("NRM decisions accepted", ", ".join(accepted) or "None"),
        ("English assessed within", f"the last {programme.english_fresh_months} months"),
        (
            "Time-limited right to work checked within",
            f"the last {programme.right_to_work_fresh_months} months",
        ),
        (
            "Commitment",
            f"Able to commit to the whole programme (about {programme_weeks(programme)} weeks)"
            if programme.commitment_required
            else "Not required",
        ),
        ("Professional support", "Required" if programme.support_required else "Not required"),
        ("Move-on plan", "Required" if programme.move_on_plan_required else "Not required"),
        *[("Own criterion", criterion.text) for criterion in programme.custom_criteria],
        (
            "Places at each site",
            str(programme.places_per_site) if programme.places_per_site else "No set limit",
        ),
    ]


@bp.context_processor
def programme_helpers() -> dict:
    return {"criteria_in_words": criteria_in_words}


@bp.route("/")
@role_required(Role.PARTNERSHIP_LEAD, Role.COACH)
def programmes():
    query = programmes_for(current_user).options(
        selectinload(Programme.stages), selectinload(Programme.sites)
    )
    if current_user.role is Role.COACH:
        query = query.options(selectinload(Programme.employer))
    return render_template(
        "employers/programmes.html",
        programmes=list(db.session.scalars(query)),
        for_lead=current_user.role is Role.PARTNERSHIP_LEAD,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.PARTNERSHIP_LEAD)
def new_programme():
    form = NewProgrammeForm()
    sites = _offer_sites(form)
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: create_programme(
                current_user.organisation,
                form.name.data,
                _chosen(sites, form.sites.data),
                template=form.template.data,
                **form.criteria(),
            )
        )
        if saved:
            programme = saved.value
            flash(f"{programme.name} is set up with {len(programme.stages)} stages.", "success")
            return redirect(url_for("employers.programme", programme_id=programme.id))
        refusal = saved.refusal
    return _form_page("employers/new_programme.html", form, refusal, sites=sites)


@bp.route("/<int:programme_id>")
@role_required(Role.PARTNERSHIP_LEAD, Role.COACH)
def programme(programme_id: int):
    programme = one_or_404(programmes_for(current_user), programme_id)
    return render_template(
        "employers/programme.html",
        programme=programme,
        may_manage=may_manage_programme(current_user, programme),
    )


@bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@role_required(Role.PARTNERSHIP_LEAD)
def edit_programme(programme_id: int):
    programme = _managed_programme(programme_id)
    form = EditProgrammeForm() if _submitted() else EditProgrammeForm.for_programme(programme)
    sites = _offer_sites(form)
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: update_programme(
                programme,
                form.name.data,
                form.active.data,
                _chosen(sites, form.sites.data),
                **form.criteria(),
            )
        )
        if saved:
            flash(f"{programme.name} is saved.", "success")
            return redirect(url_for("employers.programme", programme_id=programme.id))
        refusal = saved.refusal
    return _form_page(
        "employers/edit_programme.html", form, refusal, sites=sites, programme=programme
    )


@bp.route("/<int:programme_id>/stages", methods=["GET", "POST"])
@role_required(Role.PARTNERSHIP_LEAD)
def edit_stages(programme_id: int):
    programme = _managed_programme(programme_id)
    form = StagesForm() if _submitted() else StagesForm.for_programme(programme)
    refusal = None
    if form.is_submitted() and form.add_stage.data:
        # Nothing is saved: the same rows come back with one more blank row.
        if form.can_add_stage():
            form.stages.append_entry()
        else:
            refusal = f"A programme can have at most {MAX_STAGES} stages before its interview."
        return _form_page("employers/edit_stages.html", form, refusal, programme=programme)
    if form.validate_on_submit():
        saved = save(lambda: set_stages(programme, form.stage_specs()))
        if saved:
            flash(f"The stages of {programme.name} are saved.", "success")
            return redirect(url_for("employers.programme", programme_id=programme.id))
        refusal = saved.refusal
    return _form_page("employers/edit_stages.html", form, refusal, programme=programme)


def _managed_programme(programme_id: int) -> Programme:
    """A programme of the lead's own employer, or 404."""
    programme = one_or_404(programmes_for(current_user), programme_id)
    if not may_manage_programme(current_user, programme):
        abort(404)
    return programme


def _submitted() -> bool:
    return request.method == "POST"


def _offer_sites(form: ProgrammeDetailsForm) -> list[Site]:
    """The lead's own sites, offered as the taking-part checkboxes."""
    sites = list(db.session.scalars(sites_for(current_user)))
    form.sites.choices = options((site.id, f"{site.name}, {site.town}") for site in sites)
    return sites


def _chosen(sites: list[Site], ids: list[int]) -> list[Site]:
    wanted = set(ids)
    return [site for site in sites if site.id in wanted]


def _form_page(template: str, form, refusal: str | None, **context):
    status = 422 if form.errors or refusal else 200
    return render_template(template, form=form, refusal=refusal, **context), status
