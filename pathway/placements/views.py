"""The board, nominations to decide, and each placement's page and stage actions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from pathway.access import (
    EMPLOYER_STAFF,
    candidate_details_for,
    may_decide_nomination,
    may_end_placement,
    may_record_stage,
    may_transfer_placement,
    nominations_for,
    one_or_404,
    placements_for,
    role_required,
    shared_details,
    sites_not_available_for,
    sites_to_transfer_to,
    sites_user_may_accept_at,
)
from pathway.auth.models import Role
from pathway.candidates.models import Candidate, DeclineReason, Nomination, NominationStatus
from pathway.candidates.safety import SITE_NOT_AVAILABLE
from pathway.clock import today_london
from pathway.employers.models import Site
from pathway.extensions import db
from pathway.fragments import wants_fragment
from pathway.placements.blueprint import bp
from pathway.placements.board import card_html, load_board, with_csrf_token
from pathway.placements.forms import (
    FORM_OF,
    AcceptForm,
    DeclineForm,
    StageActionForm,
    TransferForm,
    version_seen,
)
from pathway.placements.models import Placement
from pathway.placements.nominations import accept_nomination, decline_nomination
from pathway.placements.services import (
    StageUpdate,
    record_stage_update,
    state_label,
    state_of,
    transfer_placement,
)
from pathway.placements.transitions import Action, allowed_actions
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason, Outcome
from pathway.saving import save

# --- the board ---------------------------------------------------------------------------


@bp.route("/board")
@role_required(*EMPLOYER_STAFF)
def board():
    return _render_board()


def _render_board(status: int = 200, problem: dict | None = None, notice: str | None = None):
    user, today, fragment = current_user._get_current_object(), today_london(), wants_fragment()

    template = "placements/_board.html" if fragment else "placements/board.html"
    page = render_template(
        template,
        board=load_board(user, today),
        problem=problem,
        notice=notice,
        card_html=card_html,
    )
    return with_csrf_token(page), status


# --- nominations and placements in scope -------------------------------------------------


@bp.route("/")
@role_required(*EMPLOYER_STAFF)
def overview():
    nominations = db.session.scalars(
        nominations_for(current_user)
        .where(Nomination.status == NominationStatus.PENDING)
        .options(
            joinedload(Nomination.programme),
            joinedload(Nomination.candidate).selectinload(Candidate.consents),
        )
        .order_by(Nomination.created_at)
    ).all()
    placements = (
        db.session.scalars(
            placements_for(current_user)
            .options(
                selectinload(Placement.stages),
                joinedload(Placement.site),
                joinedload(Placement.candidate).selectinload(Candidate.consents),
            )
            .order_by(Placement.outcome != Outcome.IN_PROGRESS, Placement.stage_entered_at.desc())
        )
        .unique()
        .all()
    )
    return render_template(
        "placements/overview.html",
        nominations=nominations,
        placements=placements,
        details=lambda candidate: candidate_details_for(current_user, candidate),
        state_label=state_label,
    )


@bp.route("/nominations/<int:nomination_id>", methods=["GET"])
@role_required(*EMPLOYER_STAFF)
def nomination(nomination_id: int):
    return _render_nomination(one_or_404(nominations_for(current_user), nomination_id))


def _render_nomination(nomination, accept=None, decline=None, refusal=None, status=200):
    accept = accept or AcceptForm()
    accept.site_id.choices = [SelectChoice("", "Choose a site...")] + [
        SelectChoice(site.id, f"{site.name}, {site.town}")
        for site in sites_user_may_accept_at(current_user, nomination)
    ]
    return render_template(
        "placements/nomination.html",
        nomination=nomination,
        details=candidate_details_for(current_user, nomination.candidate),
        may_decide=may_decide_nomination(current_user, nomination),
        accept=accept,
        unavailable=sites_not_available_for(current_user, nomination),
        decline=decline or DeclineForm(),
        refusal=refusal,
    ), status


@bp.route("/nominations/<int:nomination_id>/accept", methods=["POST"])
@role_required(*EMPLOYER_STAFF)
def accept(nomination_id: int):
    nomination = one_or_404(nominations_for(current_user), nomination_id)
    if not may_decide_nomination(current_user, nomination):
        abort(403)
    form = AcceptForm()
    sites = {site.id: site for site in sites_user_may_accept_at(current_user, nomination)}
    form.site_id.choices = [SelectChoice("", "Choose a site...")] + [
        SelectChoice(site_id, site.name) for site_id, site in sites.items()
    ]
    unavailable = {site.id for site in sites_not_available_for(current_user, nomination)}
    if form.site_id.data in unavailable:  # in an area the candidate must avoid: never say so
        return _render_nomination(nomination, refusal=SITE_NOT_AVAILABLE, status=422)
    if not form.validate_on_submit():
        return _render_nomination(nomination, accept=form, status=422)
    saved = save(lambda: accept_nomination(nomination, sites[form.site_id.data], current_user))
    if not saved:
        return _render_nomination(nomination, refusal=saved.refusal, status=422)
    placement = saved.value
    flash(f"Nomination accepted at {placement.site.name}.", "success")
    return redirect(url_for("placements.placement", placement_id=placement.id))


@bp.route("/nominations/<int:nomination_id>/decline", methods=["POST"])
@role_required(*EMPLOYER_STAFF)
def decline(nomination_id: int):
    nomination = one_or_404(nominations_for(current_user), nomination_id)
    if not may_decide_nomination(current_user, nomination):
        abort(403)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _render_nomination(nomination, decline=form, status=422)
    saved = save(
        lambda: decline_nomination(
            nomination, current_user, DeclineReason(form.reason.data), form.note.data
        )
    )
    if not saved:
        return _render_nomination(nomination, refusal=saved.refusal, status=422)
    flash("Nomination declined. The coach sees your reason.", "success")
    return redirect(url_for("placements.overview"))


# --- one placement -----------------------------------------------------------------------


@bp.route("/<int:placement_id>")
@role_required(*EMPLOYER_STAFF, Role.COACH)
def placement(placement_id: int):
    return _render_placement(one_or_404(placements_for(current_user), placement_id))


def _render_placement(placement, failed=None, refusal=None, status=200):
    """The placement page; ``failed`` is (action, form) to show with its errors and input."""
    forms = {}
    for action in allowed_actions(state_of(placement)):
        permitted = (may_end_placement if action is Action.END else may_record_stage)(
            current_user, placement
        )
        if permitted:
            forms[action] = FORM_OF[action](formdata=None, version=placement.version)
    if failed:
        forms[failed[0]] = failed[1]
    for action, form in forms.items():
        _give_unique_ids(form, action.value)
    template = "placements/_placement.html" if wants_fragment() else "placements/placement.html"
    return render_template(
        template,
        placement=placement,
        details=candidate_details_for(current_user, placement.candidate),
        employer_sees=shared_details(placement.candidate),
        transfer_form=_offer_transfer(placement),
        forms=forms,
        refusal=refusal,
        state_label=state_label(placement),
    ), status


@bp.route("/<int:placement_id>/transfer", methods=["POST"])
@role_required(Role.PARTNERSHIP_LEAD)
def transfer(placement_id: int):
    """Move a placement to another taking-part site (partnership leads)."""
    placement = one_or_404(placements_for(current_user), placement_id)
    if not may_transfer_placement(current_user, placement):
        abort(403)
    form = _transfer_form(placement)
    if not form.validate_on_submit():
        return _render_placement(placement, refusal="Choose the site to move to.", status=422)
    site = db.session.get(Site, form.site_id.data)
    saved = save(
        lambda: transfer_placement(placement, site, current_user, version_seen(form.version.data))
    )
    if not saved:
        placement = db.session.get(Placement, placement_id)
        return _render_placement(placement, refusal=saved.refusal, status=saved.status)
    flash(f"Moved to {site.name}.", "success")
    return redirect(url_for("placements.placement", placement_id=placement.id))


def _offer_transfer(placement) -> TransferForm | None:
    """The move form with only the sites the policy allows, or None for others."""
    sites = sites_to_transfer_to(current_user, placement)
    if not sites:
        return None
    form = TransferForm(formdata=None, version=placement.version)
    form.site_id.choices = [SelectChoice("", "Choose a site...")] + [
        SelectChoice(site.id, f"{site.name}, {site.town}") for site in sites
    ]
    _give_unique_ids(form, "transfer")
    return form


def _transfer_form(placement) -> TransferForm:
    form = TransferForm(version=placement.version)
    form.site_id.choices = [SelectChoice("", "Choose a site...")] + [
        SelectChoice(site.id, f"{site.name}, {site.town}")
        for site in placement.programme.sites
        if site.id != placement.site_id
    ]
    return form


def _give_unique_ids(form, prefix: str) -> None:
    """Several action forms share a page: keep each field's id (and label) unique."""
    for field in form:
        field.id = field.label.field_id = f"{prefix}-{field.name}"


@bp.route("/<int:placement_id>/<action_name>", methods=["POST"])
@role_required(*EMPLOYER_STAFF, Role.COACH)
def act(placement_id: int, action_name: str):
    """Record one stage action. Works as a plain form post and as an htmx request."""
    placement = one_or_404(placements_for(current_user), placement_id)
    try:
        action = Action(action_name)
    except ValueError:
        abort(404)
    permitted = may_end_placement if action is Action.END else may_record_stage
    if not permitted(current_user, placement):
        abort(403)
    form: StageActionForm = FORM_OF[action]()
    on_board = form.return_to.data == "board" and current_user.role in EMPLOYER_STAFF
    if not form.validate_on_submit():
        return _problem(placement, action, form, on_board, "Please correct the marked fields.", 422)
    saved = save(
        lambda: record_stage_update(
            placement, _update_from(action, form), current_user, form.expected_version
        )
    )
    if not saved:  # changed meanwhile: the form typed for the old state is not shown again
        shown = None if saved.status == 409 else form
        return _problem(placement, action, shown, on_board, saved.refusal, saved.status)
    event = saved.value
    notice = f"Recorded: {event.stage_name} - {event.kind.label.lower()}."
    if on_board:
        if wants_fragment():
            return _render_board(notice=notice)
        flash(notice, "success")
        return redirect(url_for("placements.board"))
    if wants_fragment():
        return _render_placement(placement)
    flash(notice, "success")
    return redirect(url_for("placements.placement", placement_id=placement.id))


def _problem(placement, action, form, on_board, message, status):
    """Show why nothing was saved: on the board card, or on the placement page."""
    placement = db.session.get(Placement, placement.id)
    if on_board and wants_fragment():
        problem = {"placement_id": placement.id, "message": message, "form": form}
        return _render_board(status=status, problem=problem)
    if on_board and (form is None or not form.errors):
        # Nothing typed to keep: back to the board (no re-post on reload), saying why.
        flash(message, "error")
        return redirect(url_for("placements.board"))
    failed = (action, form) if form is not None else None
    return _render_placement(placement, failed=failed, refusal=message, status=status)


def _update_from(action: Action, form) -> StageUpdate:
    def value(name, kind=None):
        data = form.optional(name)
        if data in (None, ""):
            return None
        return kind(data) if kind else data

    return StageUpdate(
        action=action,
        scheduled_on=value("scheduled_on"),
        scheduled_time=value("scheduled_time"),
        contract_type=value("contract_type", ContractType),
        hours_per_week=value("hours_per_week"),
        start_date=value("start_date"),
        ended_by=value("ended_by", EndedBy),
        reason=value("reason", LeaveReason),
        note=form.note.data or "",
    )
