"""Errors a service raises when a rule refuses an action; the message says why, in plain words."""


class ActionRefused(Exception):
    """A rule refused the action. ``str(error)`` is shown to the user as it is."""


class StaleState(ActionRefused):
    """The record changed since the user loaded it; nothing was written."""


class FieldRefused(ActionRefused):
    """A refusal about one form field, so the page can show it beside that field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
