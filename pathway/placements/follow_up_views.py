"""Retention follow-ups: the list of checks a coach or site manager is asked to answer,
and the form that records the answer. Routes on the placements blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from pathway.access import (
    candidate_details_for,
    one_or_404,
    retention_checks_for,
    role_required,
)
from pathway.auth.models import Role
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.placements.blueprint import bp
from pathway.placements.follow_ups import (
    answer_follow_up,
    follow_ups_for,
    is_tasked,
    start_date_of,
)
from pathway.placements.forms import FollowUpForm
from pathway.placements.models import RetentionCheck
from pathway.placements.vocabulary import LeaveReason, RetentionAnswer
from pathway.saving import save

ANSWERING = (Role.COACH, Role.SITE_MANAGER)


@bp.route("/follow-ups")
@role_required(*ANSWERING)
def follow_ups():
    return render_template(
        "placements/follow_ups.html",
        follow_ups=follow_ups_for(current_user),
        details=lambda candidate: candidate_details_for(current_user, candidate),
    )


@bp.route("/follow-ups/<int:check_id>", methods=["GET", "POST"])
@role_required(*ANSWERING)
def follow_up(check_id: int):
    check = one_or_404(retention_checks_for(current_user), check_id)
    form = FollowUpForm()
    refusal = None
    if form.validate_on_submit():
        reason = LeaveReason(form.reason.data) if form.reason.data else None
        saved = save(
            lambda: answer_follow_up(
                check, RetentionAnswer(form.answer.data), reason, current_user, utcnow()
            )
        )
        if saved:
            flash(
                f"Recorded: {check.months}-month follow-up - {check.answer.label.lower()}.",
                "success",
            )
            return redirect(url_for("placements.follow_ups"))
        refusal = saved.refusal
    placement = check.placement
    earlier = db.session.scalars(
        select(RetentionCheck)
        .where(
            RetentionCheck.placement_id == placement.id,
            RetentionCheck.months < check.months,
            RetentionCheck.answer.is_not(None),
        )
        .order_by(RetentionCheck.months)
    ).all()
    status = 422 if (form.errors or refusal) else 200
    return render_template(
        "placements/follow_up.html",
        check=check,
        placement=placement,
        details=candidate_details_for(current_user, placement.candidate),
        start_date=start_date_of(placement),
        earlier=earlier,
        asked=is_tasked(current_user, check),
        form=form,
        refusal=refusal,
    ), status
