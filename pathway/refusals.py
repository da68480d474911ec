"""Errors a service raises when a rule refuses an action; the message says why, in plain words."""


class ActionRefused(Exception):
    """A rule refused the action. ``str(error)`` is shown to the user as it is."""


class StaleState(ActionRefused):
    """The record changed since the user loaded it; nothing was written."""
