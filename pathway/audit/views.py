"""The audit trail's pages: the administrator's search, a coach's view of one client."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from pathway.access import candidates_for, one_or_404, role_required
from pathway.audit import queries
from pathway.audit.blueprint import bp
from pathway.audit.forms import AuditSearchForm
from pathway.auth.models import Role, User
from pathway.extensions import db
from pathway.forms import options


@bp.route("/admin/audit")
@role_required(Role.ADMIN)
def search():
    form = AuditSearchForm(request.args)
    users = db.session.scalars(select(User).order_by(User.name)).all()
    form.user.choices = options([("", "Anyone")] + [(u.id, f"{u.name} ({u.email})") for u in users])
    searched = bool(request.args)
    events = []
    if not searched or form.validate():
        events = queries.search(
            queries.Filters(
                user_id=int(form.user.data) if form.user.data else None,
                record_type=form.record_type.data or None,
                record_id=(form.record_id.data or "").strip() or None,
                action=form.action.data or None,
                from_day=form.from_day.data,
                to_day=form.to_day.data,
            )
        )
    status = 422 if form.errors else 200
    return _render("audit/search.html", events, form=form), status


@bp.route("/candidates/<int:candidate_id>/audit")
@role_required(Role.COACH)
def candidate_trail(candidate_id: int):
    candidate = one_or_404(candidates_for(current_user), candidate_id)
    return _render("audit/candidate.html", queries.who_looked_at(candidate.id), candidate=candidate)


def _render(template: str, events, **context):
    return render_template(
        template,
        events=events,
        people=queries.people_in(events),
        organisations=queries.organisations_in(events),
        labels=queries.ACTION_LABELS,
        page_size=queries.PAGE_SIZE,
        **context,
    )
