"""Nominations, placements, the board and follow-ups.

Its blueprint, and the modules whose views are on it (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")

BLUEPRINTS = (bp,)
# Importing these puts their routes on the blueprints above.
VIEWS = ("pathway.placements.views", "pathway.placements.follow_up_views")
