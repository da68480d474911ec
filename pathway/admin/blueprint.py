"""The administrators' pages.

Its blueprint, and the modules whose views are on it (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

BLUEPRINTS = (bp,)
# Importing these puts their routes on the blueprints above.
VIEWS = ("pathway.admin.views",)
