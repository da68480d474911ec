"""Partner support providers confirm an employer's figures before they are published.

A coach or administrator of the provider sees the requests addressed to it, reads the frozen
figures (aggregates only, as they would be published) and confirms, or says why not.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from pathway.access import one_or_404, report_confirmations_for, role_required
from pathway.auth.models import Role
from pathway.extensions import db
from pathway.reports.document.rendering import DRAFT, ReportPage
from pathway.reports.forms import ConfirmationForm
from pathway.reports.models import ConfirmationAnswer, ReportConfirmation
from pathway.reports.publishing.blueprint import confirmations_bp as bp
from pathway.reports.publishing.snapshots import answer_confirmation, draft_document
from pathway.saving import save


@bp.route("/")
@role_required(Role.COACH, Role.ADMIN)
def index():
    requests = db.session.scalars(
        report_confirmations_for(current_user).order_by(ReportConfirmation.requested_at.desc())
    ).all()
    waiting = [r for r in requests if r.answer is None and r.draft.snapshot is None]
    others = [r for r in requests if r not in waiting]
    return render_template("reports/confirmations.html", waiting=waiting, others=others)


@bp.route("/<int:confirmation_id>", methods=["GET", "POST"])
@role_required(Role.COACH, Role.ADMIN)
def confirmation(confirmation_id: int):
    record = one_or_404(report_confirmations_for(current_user), confirmation_id)
    if request.method == "GET":
        data = {"answer": record.answer.value if record.answer else None, "note": record.note}
        return _page(record, ConfirmationForm(formdata=None, data=data))
    form = ConfirmationForm()
    if not form.validate():
        return _page(record, form, status=422)
    saved = save(
        lambda: answer_confirmation(
            record, current_user, ConfirmationAnswer(form.answer.data), form.note.data or ""
        )
    )
    if not saved:
        return _page(record, form, refusal=saved.refusal, status=422)
    flash(f"Your answer is sent to {record.draft.employer.name}.", "success")
    return redirect(url_for("confirmations.index"))


def _page(record: ReportConfirmation, form, refusal: str | None = None, status: int = 200):
    page = ReportPage(draft_document(record.draft), DRAFT)
    return render_template(
        "reports/confirmation.html", record=record, page=page, form=form, refusal=refusal
    ), status
