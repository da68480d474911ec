"""The coach's side: caseload, candidate records, consent, readiness and nominations."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pathway.auth.models import Role
from pathway.auth.policy import candidates_for, one_or_404, programmes_for, role_required
from pathway.candidates import services
from pathway.candidates.forms import CandidateForm, ConsentForm, NominateForm, WithdrawConsentForm
from pathway.candidates.models import Candidate, ConsentMethod, Nomination
from pathway.candidates.readiness import Verdict, readiness_verdict
from pathway.clock import today_london
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.refusals import ActionRefused

bp = Blueprint("candidates", __name__, url_prefix="/candidates")


def _active_programmes() -> list[Programme]:
    query = programmes_for(current_user).options(
        selectinload(Programme.sites), selectinload(Programme.employer)
    )
    return list(db.session.scalars(query))


def _placements_by_candidate(candidate_ids: list[int]) -> dict[int, list[Placement]]:
    found: dict[int, list[Placement]] = {cid: [] for cid in candidate_ids}
    query = (
        select(Placement)
        .where(Placement.candidate_id.in_(candidate_ids))
        .options(selectinload(Placement.stages), selectinload(Placement.site))
        .order_by(Placement.created_at.desc())
    )
    for placement in db.session.scalars(query):
        found[placement.candidate_id].append(placement)
    return found


@dataclass
class CaseloadRow:
    candidate: Candidate
    ready_for: list[str]
    placements: list[Placement]
    pending: list[Nomination]


@bp.route("/")
@role_required(Role.COACH)
def caseload():
    candidates = db.session.scalars(
        candidates_for(current_user)
        .options(
            selectinload(Candidate.consents),
            selectinload(Candidate.nominations).selectinload(Nomination.programme),
        )
        .order_by(Candidate.first_name, Candidate.id)
    ).all()
    programmes = _active_programmes()
    placements = _placements_by_candidate([c.id for c in candidates])
    today = today_london()
    rows = [
        CaseloadRow(
            candidate=candidate,
            ready_for=[p.name for p in programmes if readiness_verdict(candidate, p, today).ready],
            placements=placements[candidate.id],
            pending=[n for n in candidate.nominations if n.status.value == "pending"],
        )
        for candidate in candidates
    ]
    return render_template("candidates/caseload.html", rows=rows, programmes=programmes)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COACH)
def new_candidate():
    form = CandidateForm()
    if form.validate_on_submit():
        candidate = services.record_candidate(current_user, today_london(), **form.values())
        db.session.commit()
        flash(f"{candidate.reference} recorded. Record consent before nominating.", "success")
        return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=None), (
        422 if form.errors else 200
    )


@bp.route("/<int:candidate_id>")
@role_required(Role.COACH)
def candidate(candidate_id: int):
    return _render_candidate(one_or_404(candidates_for(current_user), candidate_id))


def _render_candidate(candidate: Candidate, refusal: str | None = None, status: int = 200):
    today = today_london()
    checks: list[tuple[Programme, Verdict, list[str]]] = []
    for programme in _active_programmes():
        verdict = readiness_verdict(candidate, programme, today)
        blockers = services.nomination_blockers(candidate, programme, today)
        checks.append((programme, verdict, blockers))
    return render_template(
        "candidates/candidate.html",
        candidate=candidate,
        checks=checks,
        placements=_placements_by_candidate([candidate.id])[candidate.id],
        refusal=refusal,
        withdraw_form=WithdrawConsentForm(),
    ), status


@bp.route("/<int:candidate_id>/edit", methods=["GET", "POST"])
@role_required(Role.COACH)
def edit_candidate(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = CandidateForm(obj=candidate)
    if request.method == "GET":  # enums are shown by their value in the selects
        for name in ("english_level", "right_to_work", "nrm_decision"):
            getattr(form, name).data = getattr(candidate, name).value
    if form.validate_on_submit():
        services.update_candidate(candidate, **form.values())
        db.session.commit()
        flash("Changes saved.", "success")
        return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=candidate), (
        422 if form.errors else 200
    )


@bp.route("/<int:candidate_id>/consent", methods=["GET", "POST"])
@role_required(Role.COACH)
def consent(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = ConsentForm()
    if form.validate_on_submit():
        services.record_employer_consent(
            candidate,
            current_user,
            form.given_on.data,
            ConsentMethod(form.method.data),
            form.share_first_name.data,
            form.share_availability.data,
            form.share_adjustments.data,
        )
        db.session.commit()
        flash("Consent to share with an employer recorded.", "success")
        return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
    return render_template("candidates/consent.html", form=form, candidate=candidate), (
        422 if form.errors else 200
    )


@bp.route("/<int:candidate_id>/consent/withdraw", methods=["POST"])
@role_required(Role.COACH)
def withdraw_consent(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    WithdrawConsentForm().validate_on_submit()
    try:
        services.withdraw_employer_consent(candidate, today_london())
    except ActionRefused as refused:
        db.session.rollback()
        return _render_candidate(candidate, refusal=str(refused), status=422)
    db.session.commit()
    flash("Consent withdrawn: employers no longer see this candidate's details.", "success")
    return redirect(url_for("candidates.candidate", candidate_id=candidate.id))


@bp.route("/<int:candidate_id>/nominate", methods=["POST"])
@role_required(Role.COACH)
def nominate(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = NominateForm()
    if not form.validate_on_submit():
        return _render_candidate(candidate, refusal="Choose a programme.", status=422)
    programme = one_or_404(programmes_for(current_user), form.programme_id.data)
    try:
        services.nominate_candidate(candidate, programme, current_user, today_london())
    except ActionRefused as refused:
        db.session.rollback()
        return _render_candidate(candidate, refusal=str(refused), status=422)
    db.session.commit()
    flash(f"Nominated to {programme.name} at {programme.employer.name}.", "success")
    return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
