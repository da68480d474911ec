"""The coach's record of a candidate: readiness assessments, consent, areas to avoid, and
pausing or resuming a placement."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from pathway.access import (
    candidates_for,
    may_resume_placement,
    one_or_404,
    placements_for,
    role_required,
)
from pathway.auth.models import Role
from pathway.candidates.blueprint import bp
from pathway.candidates.caseload import active_programmes
from pathway.candidates.consent import (
    PlacementChoice,
    open_placements,
    record_consent,
    withdraw_consent,
)
from pathway.candidates.forms import (
    AvoidAreaForm,
    ConsentForm,
    RemoveAreaForm,
    WithdrawConsentForm,
    assessment_form,
)
from pathway.candidates.models import Candidate, ConsentMethod, ConsentScope
from pathway.candidates.readiness.assessments import record_assessment
from pathway.candidates.safety import record_avoid_area, remove_avoid_area
from pathway.candidates.views import render_candidate
from pathway.clock import today_london
from pathway.placements.pausing import resume_placement
from pathway.refusals import ActionRefused
from pathway.saving import Saved, save


def _back_to(candidate: Candidate):
    return redirect(url_for("candidates.candidate", candidate_id=candidate.id))


def _scope(value: str | None) -> ConsentScope:
    try:
        return ConsentScope(value)
    except ValueError:
        return ConsentScope.SHARE_WITH_EMPLOYER


# --- readiness assessments ----------------------------------------------------------------


@bp.route("/<int:candidate_id>/assess", methods=["GET", "POST"])
@role_required(Role.COACH)
def assess(candidate_id: int):
    """Record a dated readiness assessment; it becomes the candidate's current facts."""
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    programmes = active_programmes(current_user)
    criteria = [c for p in programmes for c in p.custom_criteria]
    posted = request.method == "POST"
    form = assessment_form(criteria, candidate, formdata=request.form if posted else None)
    refusal = None
    if form.validate_on_submit():
        facts = form.facts(form.assessed_on.data, form.custom_answers([c.id for c in criteria]))
        saved = save(lambda: record_assessment(candidate, current_user, facts, today_london()))
        if saved:
            flash("Readiness assessment recorded.", "success")
            return _back_to(candidate)
        refusal = saved.refusal
    groups = [
        (p, [form[f"custom_{c.id}"] for c in p.custom_criteria])
        for p in programmes
        if p.custom_criteria
    ]
    status = 422 if form.errors or refusal else 200
    return render_template(
        "candidates/assess.html", form=form, candidate=candidate, groups=groups, refusal=refusal
    ), status


# --- consent ------------------------------------------------------------------------------


@bp.route("/<int:candidate_id>/consent", methods=["GET", "POST"])
@role_required(Role.COACH)
def consent(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = ConsentForm()
    if request.method == "GET":
        form.scope.data = _scope(request.args.get("scope")).value
    refusal = None
    if form.validate_on_submit():
        scope = ConsentScope(form.scope.data)
        saved = save(
            lambda: record_consent(
                candidate,
                scope,
                current_user,
                form.given_on.data,
                ConsentMethod(form.method.data),
                witness=form.witness.data or "",
                share_first_name=form.share_first_name.data,
                share_availability=form.share_availability.data,
                share_adjustments=form.share_adjustments.data,
                today=today_london(),
            )
        )
        if saved:
            flash(f"Consent recorded: {scope.label.lower()}.", "success")
            return _back_to(candidate)
        refusal = saved.refusal
    status = 422 if form.errors or refusal else 200
    return render_template(
        "candidates/consent.html", form=form, candidate=candidate, refusal=refusal
    ), status


@bp.route(
    "/<int:candidate_id>/consent/withdraw", methods=["GET", "POST"], endpoint="withdraw_consent"
)
@role_required(Role.COACH)
def withdraw_consent_page(candidate_id: int):
    """Withdraw one scope of consent; for sharing with an employer, the coach chooses what
    happens to a placement under way."""
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = WithdrawConsentForm()
    if request.method == "GET":
        form.scope.data = _scope(request.args.get("scope")).value
    scope = _scope(form.scope.data)
    placements = open_placements(candidate) if scope is ConsentScope.SHARE_WITH_EMPLOYER else []
    refusal = None
    if form.validate_on_submit():
        choice = form.placement_choice.data
        saved = save(
            lambda: withdraw_consent(
                candidate,
                scope,
                current_user,
                form.withdrawn_on.data,
                ConsentMethod(form.method.data),
                placement_choice=PlacementChoice(choice) if choice else None,
                today=today_london(),
            )
        )
        if saved:
            flash(_withdrawn_message(scope, placements, choice), "success")
            return _back_to(candidate)
        refusal = saved.refusal
        if placements and not choice:
            form.placement_choice.errors = [*form.placement_choice.errors, refusal]
    status = 422 if form.errors or refusal else 200
    return render_template(
        "candidates/withdraw.html",
        form=form,
        candidate=candidate,
        scope=scope,
        placements=placements,
        refusal=refusal,
    ), status


def _withdrawn_message(scope: ConsentScope, placements, choice: str | None) -> str:
    if scope is not ConsentScope.SHARE_WITH_EMPLOYER:
        return f"Consent withdrawn: {scope.label.lower()}."
    message = "Consent withdrawn: employers no longer see this candidate's details."
    if placements and choice == PlacementChoice.PAUSE:
        message += " Their placement is paused until you resume it."
    elif placements:
        message += " Their placement continues with their details withheld."
    return message


# --- areas to avoid -----------------------------------------------------------------------


@bp.route("/<int:candidate_id>/areas", methods=["GET", "POST"])
@role_required(Role.COACH)
def avoid_areas(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = AvoidAreaForm()
    refusal = None
    if form.validate_on_submit():

        def record_areas() -> None:
            for kind, name in form.areas():
                record_avoid_area(candidate, current_user, kind, name, today_london())

        saved = save(record_areas)
        if saved:
            flash("Area to avoid recorded: sites there cannot be chosen for them.", "success")
            return redirect(url_for("candidates.avoid_areas", candidate_id=candidate.id))
        refusal = saved.refusal
    status = 422 if form.errors or refusal else 200
    return render_template(
        "candidates/areas.html",
        candidate=candidate,
        form=form,
        remove_form=RemoveAreaForm(formdata=None),
        refusal=refusal,
    ), status


@bp.route("/<int:candidate_id>/areas/remove", methods=["POST"], endpoint="remove_avoid_area")
@role_required(Role.COACH)
def remove_avoid_area_page(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = RemoveAreaForm()
    if form.validate_on_submit():
        saved = save(
            lambda: remove_avoid_area(candidate, form.area_id.data, current_user, today_london())
        )
    else:
        saved = Saved(refused=ActionRefused("Choose an area to remove."))
    if saved:
        flash("Area taken off the list.", "success")
        return redirect(url_for("candidates.avoid_areas", candidate_id=candidate.id))
    page = render_template(
        "candidates/areas.html",
        candidate=candidate,
        form=AvoidAreaForm(formdata=None),
        remove_form=form,
        refusal=saved.refusal,
    )
    return page, 422


# --- a paused placement -------------------------------------------------------------------


@bp.route("/<int:candidate_id>/placements/<int:placement_id>/resume", methods=["POST"])
@role_required(Role.COACH)
def resume(candidate_id: int, placement_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    placement = one_or_404(placements_for(current_user), placement_id)
    if placement.candidate_id != candidate.id or not may_resume_placement(current_user, placement):
        abort(404)
    saved = save(lambda: resume_placement(placement, current_user))
    if not saved:
        return render_candidate(candidate, refusal=saved.refusal, status=422)
    flash(f"Placement at {placement.site.name} resumed.", "success")
    return _back_to(candidate)
