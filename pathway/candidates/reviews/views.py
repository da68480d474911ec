"""Weekly reviews: recorded by coaches, seen only inside the candidate's support provider.

Every review page answers 404 to anyone else - another provider's coach and every other role
alike - so not even the existence of a review leaks.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from pathway.access import candidates_for, one_or_404, reviews_for, role_required
from pathway.auth.models import Role
from pathway.candidates.blueprint import bp
from pathway.candidates.models import WeeklyReview
from pathway.candidates.reviews.chart import trend_chart
from pathway.candidates.reviews.forms import ReviewAreasForm, review_form
from pathway.candidates.reviews.services import (
    DEFAULT_AREAS,
    chart_points,
    record_review,
    review_areas,
    reviews_of,
    set_review_areas,
)
from pathway.clock import today_london
from pathway.saving import save


@bp.route("/<int:candidate_id>/reviews")
@role_required(Role.COACH, hidden=True)
def reviews(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    found = reviews_of(candidate)
    return render_template(
        "candidates/reviews.html",
        candidate=candidate,
        reviews=list(reversed(found)),
        chart=trend_chart(chart_points(found)),
    )


@bp.route("/<int:candidate_id>/reviews/new", methods=["GET", "POST"])
@role_required(Role.COACH, hidden=True)
def new_review(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    areas = review_areas(candidate.organisation_id)
    form = review_form(areas, formdata=request.form if request.method == "POST" else None)
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: record_review(
                candidate,
                current_user,
                form.reviewed_on.data,
                form.scores(),
                form.signed_by_client.data,
                form.signed_by_coach.data,
                today_london(),
            ),
            form,
        )
        if saved:
            flash("Weekly review recorded.", "success")
            return redirect(url_for("candidates.candidate", candidate_id=candidate.id) + "#trend")
        refusal = saved.refusal
    status = 422 if form.errors or refusal else 200
    return render_template(
        "candidates/review_form.html", form=form, candidate=candidate, refusal=refusal
    ), status


@bp.route("/<int:candidate_id>/reviews/<int:review_id>")
@role_required(Role.COACH, hidden=True)
def review(candidate_id: int, review_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    found = one_or_404(
        reviews_for(current_user).where(WeeklyReview.candidate_id == candidate.id), review_id
    )
    return render_template("candidates/review.html", candidate=candidate, review=found)


@bp.route("/review-areas", methods=["GET", "POST"], endpoint="review_areas")
@role_required(Role.COACH)
def review_areas_page():
    """A support provider's list of weekly-review areas (its coaches may change it)."""
    organisation = current_user.organisation
    current = review_areas(organisation.id)
    if request.method == "POST":
        form = ReviewAreasForm()
    else:
        form = ReviewAreasForm(data={f"area_{i}": name for i, name in enumerate(current)})
    refusal = None
    if form.validate_on_submit():
        saved = save(lambda: set_review_areas(organisation, form.names()))
        if saved:
            flash("Weekly review areas saved. Past reviews keep the areas they had.", "success")
            return redirect(url_for("candidates.review_areas"))
        refusal = saved.refusal
    status = 422 if form.errors or refusal else 200
    return render_template(
        "candidates/review_areas.html",
        form=form,
        defaults=DEFAULT_AREAS,
        refusal=refusal,
    ), status
