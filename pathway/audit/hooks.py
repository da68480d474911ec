"""The general mechanism: every request is audited from its endpoint, view arguments and
answer, so a new route is covered without remembering to call anything.

- a download (an attachment by any method, or a GET of an endpoint ending ``_csv``/``_json``/
  ``_pdf``): ``export``
- any other successful change (any method but GET/HEAD/OPTIONS answered below 400): ``change``
- a page naming a candidate, placement, nomination, review or follow-up, answered 200: ``view``
- a 403 or 404 from a route (the access policy refusing): ``denied``

Sign-in, sign-out, password changes and two-factor are recorded explicitly by the auth views.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from pathway.audit.services import PendingEvent, record_audit, write_events
from pathway.extensions import db

# view argument -> record type, most specific first
RECORD_ARGUMENTS = (
    ("review_id", "weekly_review"),
    ("check_id", "retention_check"),
    ("placement_id", "placement"),
    ("nomination_id", "nomination"),
    ("candidate_id", "candidate"),
    ("confirmation_id", "report_confirmation"),
    ("draft_id", "report_draft"),
    ("reference", "report_snapshot"),
    ("programme_id", "programme"),
    ("user_id", "user"),
    ("organisation_id", "organisation"),
)
PERSONAL_RECORDS = {"weekly_review", "retention_check", "placement", "nomination", "candidate"}
EXPLICIT_ENDPOINTS = {
    "auth.login",
    "auth.logout",
    "auth.change_password",
    "auth.forgot_password",
    "auth.choose_password",
    "two_factor.sign_in_code",
    "two_factor.setup",
    "two_factor.recovery_codes",
    "two_factor.turn_off",
    "reports.recount",  # which year: pathway/reports/views.py
}
EXPORT_SUFFIXES = ("_csv", "_json", "_pdf")
READING = {"GET", "HEAD", "OPTIONS"}


def register_audit(app: Flask) -> None:
    from pathway.audit.cli import audit_cli

    app.cli.add_command(audit_cli)
    app.after_request(_audit_response)


def _audit_response(response: Response) -> Response:
    automatic = _automatic_action(response)
    if automatic:
        record_type, record_id, args = _record_of(request.view_args or {})
        if record_type is None and request.method not in READING:
            record_type, record_id, args = _record_of(_redirect_args(response))
        record_audit(
            automatic,
            record_type,
            record_id,
            candidate_id=_candidate_id(args),
            status=response.status_code,
        )
    pending: list[PendingEvent] = g.pop("audit_pending", [])
    if pending:
        # The view has committed what it meant to; anything left would be discarded at
        # teardown anyway. The events go in a transaction of their own.
        db.session.rollback()
        write_events(pending)
    return response


def _automatic_action(response: Response) -> str | None:
    endpoint = request.endpoint
    if endpoint is None or endpoint.startswith(("static", "vendor")):
        return None
    if endpoint in EXPLICIT_ENDPOINTS:
        return None
    status = response.status_code
    if status in (403, 404):
        return "denied"
    if status >= 400:
        return None
    disposition = response.headers.get("Content-Disposition", "")
    if status == 200 and disposition.startswith("attachment"):
        return "export"  # a download, even one a form posts for (subject access exports)
    if request.method not in READING:
        return "change"
    if status != 200:
        return None
    if endpoint.endswith(EXPORT_SUFFIXES):
        return "export"
    record_type, _, _ = _record_of(request.view_args or {})
    if record_type in PERSONAL_RECORDS:
        return "view"
    return None


def _record_of(args: dict) -> tuple[str | None, str | None, dict]:
    for name, record_type in RECORD_ARGUMENTS:
        if args.get(name) is not None:
            return record_type, str(args[name]), args
    return None, None, args


def _redirect_args(response: Response) -> dict:
    """After creating a record a view redirects to it: its URL names the new record."""
    location = response.location
    if not location or response.status_code not in (301, 302, 303):
        return {}
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        _, args = adapter.match(location.split("?")[0], method="GET")
    except HTTPException:
        return {}
    except Exception:  # a redirect off this site
        return {}
    return args


def _candidate_id(args: dict) -> int | None:
    """The candidate the record belongs to: a coach sees who looked at their client."""
    from pathway.candidates.models import Nomination
    from pathway.placements.models import Placement, RetentionCheck

    if args.get("candidate_id") is not None:
        return int(args["candidate_id"])
    placement_id = args.get("placement_id")
    if placement_id is None and args.get("check_id") is not None:
        check = db.session.get(RetentionCheck, args["check_id"])
        placement_id = check.placement_id if check else None
    if placement_id is not None:
        placement = db.session.get(Placement, placement_id)
        return placement.candidate_id if placement else None
    if args.get("nomination_id") is not None:
        nomination = db.session.get(Nomination, args["nomination_id"])
        return nomination.candidate_id if nomination else None
    return None
