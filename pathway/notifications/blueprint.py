"""Notices and e-mail preferences.

Its blueprint, and the modules whose views are on it (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

BLUEPRINTS = (bp,)
# Importing these puts their routes on the blueprints above.
VIEWS = ("pathway.notifications.views",)
