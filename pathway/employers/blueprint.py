"""A partnership lead's programmes.

Its blueprint, and the modules whose views are on it (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("employers", __name__, url_prefix="/programmes")

BLUEPRINTS = (bp,)
# Importing these puts their routes on the blueprints above.
VIEWS = ("pathway.employers.views",)
