"""A user's own account: changing the password."""

from __future__ import annotations

from pathway.auth.models import User
from pathway.auth.passwords import password_problem
from pathway.refusals import FieldRefused


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    """Set a new password and end every session of the user (the caller signs this one
    back in). Refuses with the field to show the reason beside."""
    if not user.check_password(current):
        raise FieldRefused("That is not your current password.", "current_password")
    problem = password_problem(new, user.email)
    if problem:
        raise FieldRefused(problem, "new_password")
    if new != confirm:
        raise FieldRefused("The two new passwords are not the same.", "confirm")
    if user.check_password(new):
        raise FieldRefused("Choose a password different from the current one.", "new_password")
    user.set_password(new)
    user.end_all_sessions()
