"""The programme figures pages.

Its blueprint, and the modules whose views are on it (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/figures")

BLUEPRINTS = (bp,)
# Importing these puts their routes on the blueprints above.
VIEWS = ("pathway.reports.views",)
