"""Subject access exports and erasure, for a candidate's own support provider: its
administrators (who find the record by reference here) and its coaches (from the
candidate's page). Downloads are form posts, never cached, named by reference only; the
audit hook records each one as an export."""

from __future__ import annotations

import re

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func

from pathway.access import DATA_PROTECTION_ROLES, data_subjects_for, one_or_404, role_required
from pathway.auth.models import Role
from pathway.candidates.models import Candidate
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.privacy.blueprint import bp
from pathway.privacy.catalogue import SECTIONS
from pathway.privacy.erasure import erase_candidate, erasure_blockers, what_erasure_does
from pathway.privacy.forms import EraseForm, FindCandidateForm
from pathway.privacy.holdings import holdings
from pathway.privacy.subject_access import (
    readable_sections,
    record_json,
    subject_access_record,
)
from pathway.privacy.vocabulary import ErasureReason
from pathway.saving import save


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def find():
    """An administrator finds one of their organisation's candidates by reference."""
    form = FindCandidateForm()
    if form.validate_on_submit():
        reference = form.reference.data.upper()
        candidate = db.session.scalars(
            data_subjects_for(current_user).where(func.upper(Candidate.reference) == reference)
        ).first()
        if candidate is not None:
            return redirect(url_for("privacy.candidate", candidate_id=candidate.id))
        form.reference.errors.append("No candidate of your organisation has this reference.")
    status = 422 if form.errors else 200
    return render_template("privacy/find.html", form=form), status


@bp.route("/candidates/<int:candidate_id>")
@role_required(*DATA_PROTECTION_ROLES)
def candidate(candidate_id: int):
    return _render_candidate(one_or_404(data_subjects_for(current_user), candidate_id))


def _render_candidate(candidate: Candidate, refusal: str | None = None, status: int = 200):
    held = holdings(candidate)
    counts = [(section.title, len(held[section.key])) for section in SECTIONS[1:]]
    page = render_template(
        "privacy/candidate.html", candidate=candidate, counts=counts, refusal=refusal
    )
    return page, status


@bp.route("/candidates/<int:candidate_id>/export.json", methods=["POST"])
@role_required(*DATA_PROTECTION_ROLES)
def export_json(candidate_id: int):
    candidate = one_or_404(data_subjects_for(current_user), candidate_id)
    if candidate.erased_at is not None:
        return _nothing_to_export(candidate)
    record = subject_access_record(candidate, utcnow())
    return _download(record_json(record), "application/json", candidate, "json")


@bp.route("/candidates/<int:candidate_id>/export.pdf", methods=["POST"])
@role_required(*DATA_PROTECTION_ROLES)
def export_pdf(candidate_id: int):
    from pathway.reports.document.exports.pdf import (
        report_pdf,  # WeasyPrint: the reports' own helper
    )

    candidate = one_or_404(data_subjects_for(current_user), candidate_id)
    if candidate.erased_at is not None:
        return _nothing_to_export(candidate)
    record = subject_access_record(candidate, utcnow())
    html = render_template(
        "privacy/document.html", record=record, sections=readable_sections(record)
    )
    return _download(report_pdf(html), "application/pdf", candidate, "pdf")


def _nothing_to_export(candidate: Candidate):
    return _render_candidate(
        candidate, "Personal data was erased: nothing personal is held to export.", 422
    )


def _download(body: str | bytes, mimetype: str, candidate: Candidate, extension: str):
    name = re.sub(r"[^A-Za-z0-9._-]", "", candidate.reference) or f"candidate-{candidate.id}"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}-subject-access.{extension}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/candidates/<int:candidate_id>/erase", methods=["GET", "POST"])
@role_required(*DATA_PROTECTION_ROLES)
def erase(candidate_id: int):
    """Confirm (type the reference), then erase the candidate's personal data everywhere."""
    candidate = one_or_404(data_subjects_for(current_user), candidate_id)
    form = EraseForm(candidate.reference)
    refusal = None
    if form.validate_on_submit():
        saved = save(
            lambda: erase_candidate(
                candidate, current_user, ErasureReason(form.reason.data), utcnow()
            )
        )
        if saved:
            flash(f"The personal data of {candidate.reference} is erased.", "success")
            if current_user.role is Role.COACH:
                return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
            return redirect(url_for("privacy.candidate", candidate_id=candidate.id))
        refusal = saved.refusal
    status = 422 if form.errors or refusal else 200
    page = render_template(
        "privacy/erase.html",
        candidate=candidate,
        form=form,
        blockers=erasure_blockers(candidate),
        refusal=refusal,
        fates=what_erasure_does(),
    )
    return page, status
