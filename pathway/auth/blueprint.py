"""Signing in and out, the account pages, and the links e-mailed to set a password.

Its blueprint, and the modules whose views are on it (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)

BLUEPRINTS = (bp,)
# Importing these puts their routes on the blueprints above.
VIEWS = ("pathway.auth.views", "pathway.auth.link_views")
