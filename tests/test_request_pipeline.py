"""Every request passes the same checks in the same order (DESIGN.md principle 10). The
order matters for security, so it is written here and a change to it fails until it is
written again, with its reason."""

from __future__ import annotations

# Before the view, in this order, and why.
BEFORE = [
    ("csrf_protect", "a forged form post is refused before anything acts on it"),
    ("refuse_nul_characters", "input no database can hold is refused plainly"),
    ("_end_expired_session", "the session limits, which load the user"),
    ("_send_to_enrolment", "two-factor set-up first, once the user is known"),
    ("_answer_a_form_sent_again", "a form sent again, by whoever may send it, saves nothing"),
]
# After the view, in the order Flask runs them (the reverse of how they were added).
AFTER = [
    ("_remember_where_a_form_led", "where a saved form led, for a copy of it sent again"),
    ("_audit_response", "the audit trail records what was answered"),
    ("add_headers", "security headers on every answer, errors included"),
    ("_update_remember_cookie", "Flask-Login's cookie"),
]


def test_the_request_hooks_run_in_the_written_order(app):
    before = [f.__name__ for f in app.before_request_funcs[None]]
    after = [f.__name__ for f in reversed(app.after_request_funcs[None])]
    assert before == [name for name, _why in BEFORE]
    assert after == [name for name, _why in AFTER]
    assert app.before_request_funcs.keys() == {None}, "no blueprint adds checks of its own"
