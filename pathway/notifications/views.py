"""Each user's notices: the list, marking read, the header count, the e-mail preference."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from pathway.access import notifications_for, one_or_404, role_required
from pathway.auth.models import Role
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.fragments import wants_fragment
from pathway.notifications import services
from pathway.notifications.blueprint import bp
from pathway.notifications.forms import EmailPreferenceForm, MarkReadForm
from pathway.notifications.vocabulary import EmailPreference

EVERYONE = tuple(Role)


@bp.app_context_processor
def header_count():
    """The unread count the header shows on every page (htmx keeps it fresh between pages)."""

    def unread_notices() -> int:
        if not current_user.is_authenticated:
            return 0
        return services.unread_count(current_user)

    return {"unread_notices": unread_notices}


@bp.route("/")
@role_required(*EVERYONE)
def index():
    return _render_index()


def _render_index(preference_form=None, status=200):
    form = preference_form or EmailPreferenceForm(
        formdata=None, preference=current_user.email_preference.value
    )
    return render_template(
        "notifications/index.html",
        notices=services.notices_for(current_user),
        preference_form=form,
    ), status


@bp.route("/count")
@role_required(*EVERYONE)
def count():
    """The header's count, polled by htmx; without htmx, the list itself."""
    if not wants_fragment():
        return redirect(url_for("notifications.index"))
    return render_template("notifications/_count.html", count=services.unread_count(current_user))


@bp.route("/read", methods=["POST"])
@role_required(*EVERYONE)
def mark_read():
    form = MarkReadForm()
    if not form.validate_on_submit():
        flash("Choose a notice to mark as read.", "error")
        return _render_index(status=422)
    notice = one_or_404(notifications_for(current_user), form.notification_id.data)
    services.mark_read(notice, utcnow())
    db.session.commit()
    return _after_change()


@bp.route("/read-all", methods=["POST"])
@role_required(*EVERYONE)
def mark_all_read():
    marked = services.mark_all_read(current_user, utcnow())
    db.session.commit()
    if not wants_fragment():
        flash(f"{marked} notice{'' if marked == 1 else 's'} marked as read.", "success")
    return _after_change()


def _after_change():
    """With htmx: the list and, out of band, the header count. Without: back to the list."""
    if not wants_fragment():
        return redirect(url_for("notifications.index"))
    return render_template(
        "notifications/_changed.html",
        notices=services.notices_for(current_user),
        count=services.unread_count(current_user),
    )


@bp.route("/email", methods=["POST"])
@role_required(*EVERYONE)
def email_preference():
    form = EmailPreferenceForm()
    if not form.validate_on_submit():
        return _render_index(preference_form=form, status=422)
    preference = EmailPreference(form.preference.data)
    services.set_email_preference(current_user, preference)
    db.session.commit()
    flash(f"E-mail setting saved: {preference.label.lower()}.", "success")
    return redirect(url_for("notifications.index"))
