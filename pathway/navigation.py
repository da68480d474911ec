"""What the header shows each role, and the words of error pages."""

from __future__ import annotations

from flask import g

from pathway.auth.models import Role, User

NAV = {
    Role.ADMIN: [
        ("admin.index", "Organisations and users"),
        ("jobs.runs", "Scheduled jobs"),
        ("audit.search", "Audit trail"),
        ("privacy.find", "Subject access and erasure"),
        ("confirmations.index", "Figures to confirm"),
    ],
    Role.COACH: [
        ("candidates.caseload", "Caseload"),
        ("employers.programmes", "Programmes"),
        ("placements.follow_ups", "Follow-ups"),
        ("confirmations.index", "Figures to confirm"),
    ],
    Role.PARTNERSHIP_LEAD: [
        ("placements.overview", "Nominations and placements"),
        ("placements.board", "Board"),
        ("employers.programmes", "Programmes"),
        ("reports.figures", "Programme figures"),
    ],
    Role.SITE_MANAGER: [
        ("placements.board", "Board"),
        ("placements.overview", "Nominations and placements"),
        ("placements.follow_ups", "Follow-ups"),
    ],
    Role.CR_OFFICER: [
        ("reports.figures", "Programme figures"),
        ("publishing.published", "Published reports"),
    ],
}

ERRORS = {
    400: ("Something in that request was not right", "Go back and try again."),
    403: ("Not available to your role", "Your account cannot use this page."),
    404: ("Not found", "There is nothing here, or it is not yours to see."),
    405: ("Not allowed", "That page cannot be used that way."),
    409: ("Changed meanwhile", "The record changed while you were looking at it."),
    413: ("Too large", "What you sent is larger than Pathway accepts."),
    500: (
        "Something went wrong on our side",
        "Nothing was saved. Please try again; if it keeps happening, tell your administrator.",
    ),
}


def nav_links(user: User) -> list[tuple[str, str]]:
    if g.get("two_factor_enrolment_due"):  # nothing else is open until two-factor is set up
        return []
    return NAV.get(user.role, [])


def error_title(code: int) -> str:
    return ERRORS.get(code, ERRORS[400])[0]


def error_text(code: int) -> str:
    return ERRORS.get(code, ERRORS[400])[1]
