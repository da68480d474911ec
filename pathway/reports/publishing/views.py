"""Preparing a report for publication, asking partners to confirm it, publishing it, and the
published reports with their exports. Only the employer's CR officers and partnership leads;
another employer's report is a 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from pathway.access import (
    REPORT_STAFF,
    one_or_404,
    report_drafts_for,
    report_snapshots_for,
    role_required,
)
from pathway.clock import today_london
from pathway.extensions import db
from pathway.reports.document.rendering import (
    DRAFT,
    PUBLISHED,
    ReportPage,
    csv_download,
    current_policy,
    json_download,
    pdf_download,
)
from pathway.reports.figures.periods import Period
from pathway.reports.forms import DraftForm, PeriodForm, PublishForm
from pathway.reports.models import ReportDraft, ReportSnapshot
from pathway.reports.publishing.blueprint import bp
from pathway.reports.publishing.snapshots import (
    current_report,
    draft_document,
    is_intact,
    newer_version,
    partner_statuses,
    prepare_draft,
    publish_draft,
    request_confirmations,
    snapshot_document,
)
from pathway.reports.views import figures_page
from pathway.saving import save


@bp.route("/drafts", methods=["POST"])
@role_required(*REPORT_STAFF)
def prepare():
    form = DraftForm()
    if not form.validate():
        period_form = PeriodForm(formdata=None, start=form.start.data, end=form.end.data)
        return figures_page(period_form, None, 422, draft_form=form)
    saved = save(
        lambda: prepare_draft(
            current_user.organisation, form.period, current_user, current_policy(), today_london()
        )
    )
    if not saved:
        form.start.errors = [*form.start.errors, saved.refusal]
        period_form = PeriodForm(formdata=None, start=form.start.data, end=form.end.data)
        return figures_page(period_form, None, 422, draft_form=form)
    draft = saved.value
    return redirect(url_for("publishing.draft", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>")
@role_required(*REPORT_STAFF)
def draft(draft_id: int):
    record = one_or_404(report_drafts_for(current_user), draft_id)
    return _draft_page(record)


@bp.route("/drafts/<int:draft_id>/confirmations", methods=["POST"])
@role_required(*REPORT_STAFF)
def ask_partners(draft_id: int):
    record = one_or_404(report_drafts_for(current_user), draft_id)
    saved = save(lambda: request_confirmations(record, current_user))
    if not saved:
        return _draft_page(record, refusal=saved.refusal, status=422)
    asked = saved.value
    flash(
        f"Asked {len(asked)} partner{'s' if len(asked) != 1 else ''} to confirm the figures."
        if asked
        else "Every partner has already been asked.",
        "success",
    )
    return redirect(url_for("publishing.draft", draft_id=record.id))


@bp.route("/drafts/<int:draft_id>/publish", methods=["POST"])
@role_required(*REPORT_STAFF)
def publish(draft_id: int):
    record = one_or_404(report_drafts_for(current_user), draft_id)
    form = _publish_form(record)
    if not form.validate():
        return _draft_page(record, form=form, status=422)
    replaced = _replaceable(record).get(form.supersedes.data) if form.supersedes.data else None
    saved = save(lambda: publish_draft(record, current_user, replaced, form.reason.data or ""))
    if not saved:
        return _draft_page(record, form=form, refusal=saved.refusal, status=422)
    snapshot = saved.value
    flash(f"Published as {snapshot.reference}.", "success")
    return redirect(url_for("publishing.snapshot", reference=snapshot.reference))


@bp.route("/reports/")
@role_required(*REPORT_STAFF)
def published():
    snapshots = db.session.scalars(
        report_snapshots_for(current_user).order_by(ReportSnapshot.created_at.desc())
    ).all()
    replaced = {s.supersedes_id for s in snapshots if s.supersedes_id}
    drafts = db.session.scalars(
        report_drafts_for(current_user)
        .where(~ReportDraft.id.in_(select(ReportSnapshot.draft_id)))
        .order_by(ReportDraft.created_at.desc())
    ).all()
    return render_template(
        "reports/published.html", snapshots=snapshots, replaced=replaced, drafts=drafts
    )


@bp.route("/reports/<reference>")
@role_required(*REPORT_STAFF)
def snapshot(reference: str):
    return render_template("reports/snapshot.html", page=_snapshot_page(reference))


@bp.route("/reports/<reference>/report.csv")
@role_required(*REPORT_STAFF)
def snapshot_csv(reference: str):
    return csv_download(_snapshot_page(reference))


@bp.route("/reports/<reference>/report.json")
@role_required(*REPORT_STAFF)
def snapshot_json(reference: str):
    return json_download(_snapshot_page(reference))


@bp.route("/reports/<reference>/report.pdf")
@role_required(*REPORT_STAFF)
def snapshot_pdf(reference: str):
    return pdf_download(_snapshot_page(reference))


def _snapshot_page(reference: str) -> ReportPage:
    record = db.session.scalar(
        report_snapshots_for(current_user).where(ReportSnapshot.reference == reference)
    )
    if record is None:
        abort(404)
    newer = newer_version(record)
    return ReportPage(
        snapshot_document(record),
        PUBLISHED,
        sha256=record.sha256,
        intact=is_intact(record),
        newer=newer.reference if newer else None,
    )


def _replaceable(record: ReportDraft) -> dict[str, ReportSnapshot]:
    """The report a correction of ``record`` may replace: its year's current one, if any."""
    current = current_report(record.employer_id, Period(record.period_start, record.period_end))
    return {current.reference: current} if current is not None else {}


def _publish_form(record: ReportDraft, submitted: bool = True) -> PublishForm:
    replaceable = _replaceable(record)
    if submitted:
        form = PublishForm()
    else:  # a year with a report: this one is its correction, unless said otherwise
        form = PublishForm(formdata=None, supersedes=next(iter(replaceable), ""))
    form.offer(
        [
            (reference, f"{reference} ({s.period_start:%d %b %Y} to {s.period_end:%d %b %Y})")
            for reference, s in replaceable.items()
        ]
    )
    return form


def _draft_page(record: ReportDraft, form=None, refusal: str | None = None, status: int = 200):
    if form is None:
        form = _publish_form(record, submitted=False)
    page = ReportPage(draft_document(record), DRAFT, partners=partner_statuses(record))
    return render_template(
        "reports/draft.html", page=page, draft=record, form=form, refusal=refusal
    ), status
