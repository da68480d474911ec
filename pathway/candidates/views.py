"""The coach's side: caseload, candidate records, readiness, matching and nominations."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from pathway.access import candidates_for, one_or_404, programmes_for, role_required
from pathway.auth.models import Role
from pathway.candidates import services
from pathway.candidates.blueprint import bp
from pathway.candidates.caseload import (
    SHOWS,
    SORTS,
    active_programmes,
    filter_rows,
    load_caseload,
    row_html,
    sort_rows,
)
from pathway.candidates.consent import PlacementChoice, consent_history
from pathway.candidates.forms import (
    AvoidAreaForm,
    CandidateDetailsForm,
    CandidateForm,
    NominateForm,
    ResumeForm,
)
from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentScope,
    Nomination,
    ReadinessAssessment,
)
from pathway.candidates.readiness.assessments import latest_first
from pathway.candidates.readiness.matching import match_programmes
from pathway.candidates.readiness.rules import readiness_verdict
from pathway.candidates.reviews.chart import trend_chart
from pathway.candidates.reviews.services import chart_points, review_overdue, reviews_of
from pathway.candidates.safety import site_is_safe_for
from pathway.clock import today_london
from pathway.extensions import db
from pathway.placements import nominations
from pathway.placements.models import Placement
from pathway.saving import save

__all__ = ["bp"]


def placements_of(candidate_id: int) -> list[Placement]:
    query = (
        select(Placement)
        .where(Placement.candidate_id == candidate_id)
        .options(
            joinedload(Placement.stages),
            joinedload(Placement.site),
            joinedload(Placement.programme),
        )
        .order_by(Placement.created_at.desc())
    )
    return list(db.session.scalars(query).unique())  # one query, placements or not


def with_record(query):
    """A candidate's page shows their whole record: loaded in a fixed number of queries,
    whoever recorded or assessed what."""
    return query.options(
        joinedload(Candidate.coach),
        selectinload(Candidate.consents).joinedload(Consent.recorded_by),
        selectinload(Candidate.consents).joinedload(Consent.withdrawn_by),
        selectinload(Candidate.avoid_areas),
        selectinload(Candidate.assessments).joinedload(ReadinessAssessment.assessed_by),
        selectinload(Candidate.nominations).joinedload(Nomination.programme),
    )


@bp.route("/")
@role_required(Role.COACH)
def caseload():
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    show = request.args.get("show", "")
    show = show if show in SHOWS else ""
    descending = request.args.get("order") == "desc"
    rows, programmes = load_caseload(current_user, today_london())
    shown = sort_rows(filter_rows(rows, show), sort, descending)
    return render_template(
        "candidates/caseload.html",
        rows=shown,
        total=len(rows),
        programmes=programmes,
        sort=sort,
        show=show,
        descending=descending,
        sorts=SORTS,
        shows=SHOWS,
        row_html=row_html,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COACH)
def new_candidate():
    form = CandidateForm()
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: services.record_candidate(current_user, today_london(), **form.values())
        )
        if saved:
            candidate = saved.value
            flash(f"{candidate.reference} recorded. Record consent before nominating.", "success")
            return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
        refusal = saved.refusal
    status = 422 if form.errors or refusal else 200
    page = render_template("candidates/form.html", form=form, candidate=None, refusal=refusal)
    return page, status


@bp.route("/<int:candidate_id>")
@role_required(Role.COACH)
def candidate(candidate_id: int):
    candidate = one_or_404(with_record(candidates_for(current_user, erased=True)), candidate_id)
    if candidate.erased_at is not None:  # only that is left to say (pathway.privacy)
        return render_template("privacy/erased.html", candidate=candidate)
    return render_candidate(candidate)


def render_candidate(candidate: Candidate, refusal: str | None = None, status: int = 200):
    """The candidate's page: readiness for every programme, consent, safety, the trend."""
    today = today_london()
    programmes = active_programmes(current_user)
    verdicts = {p.id: readiness_verdict(candidate, p, today) for p in programmes}
    blockers = nominations.nomination_blockers_for(candidate, programmes, today, verdicts)
    checks = [(p, verdicts[p.id], blockers[p.id]) for p in programmes]
    reviews = reviews_of(candidate, notes=False)
    placements = placements_of(candidate.id)
    last_review = reviews[-1].reviewed_on if reviews else None
    return render_template(
        "candidates/candidate.html",
        candidate=candidate,
        checks=checks,
        assessments=latest_first(candidate),
        consents=[(scope, consent_history(candidate, scope)) for scope in ConsentScope],
        chart=trend_chart(chart_points(reviews)),
        reviews=reviews,
        review_overdue=review_overdue(last_review, candidate.created_at.date(), today),
        placements=placements,
        unsafe_placements=[
            p for p in placements if p.is_open and not site_is_safe_for(candidate, p.site)
        ],
        avoid_form=AvoidAreaForm(formdata=None),
        resume_form=ResumeForm(formdata=None),
        placement_choices=list(PlacementChoice),
        refusal=refusal,
    ), status


@bp.route("/<int:candidate_id>/edit", methods=["GET", "POST"])
@role_required(Role.COACH)
def edit_candidate(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    form = CandidateDetailsForm(obj=candidate)
    if form.validate_on_submit():
        services.update_candidate(candidate, **form.details())
        db.session.commit()
        flash("Changes saved.", "success")
        return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=candidate), (
        422 if form.errors else 200
    )


@bp.route("/<int:candidate_id>/matches")
@role_required(Role.COACH)
def matches(candidate_id: int):
    """Programmes the candidate is ready for, with sites in or near their region."""
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    today = today_london()
    ready, others = match_programmes(
        candidate, active_programmes(current_user, with_sites=True), today
    )
    blockers = nominations.nomination_blockers_for(
        candidate, [m.programme for m in ready], today, {m.programme.id: m.verdict for m in ready}
    )
    return render_template(
        "candidates/matches.html",
        candidate=candidate,
        ready=ready,
        others=others,
        blockers=blockers,
    )


@bp.route("/<int:candidate_id>/nominate", methods=["POST"])
@role_required(Role.COACH)
def nominate(candidate_id: int):
    candidate = one_or_404(with_record(candidates_for(current_user)), candidate_id)
    form = NominateForm()
    if not form.validate_on_submit():
        return render_candidate(candidate, refusal="Choose a programme.", status=422)
    programme = one_or_404(programmes_for(current_user), form.programme_id.data)
    saved = save(
        lambda: nominations.nominate_candidate(candidate, programme, current_user, today_london())
    )
    if not saved:
        return render_candidate(candidate, refusal=saved.refusal, status=422)
    flash(f"Nominated to {programme.name} at {programme.employer.name}.", "success")
    return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
