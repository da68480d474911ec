"""Publishing reports, partners' confirmations and the public check.

Its blueprints, and the modules whose views are on them (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("publishing", __name__, url_prefix="/figures")
confirmations_bp = Blueprint("confirmations", __name__, url_prefix="/confirmations")
verify_bp = Blueprint("verify", __name__, url_prefix="/verify")

BLUEPRINTS = (
    bp,
    confirmations_bp,
    verify_bp,
)
# Importing these puts their routes on the blueprints above.
VIEWS = (
    "pathway.reports.publishing.views",
    "pathway.reports.publishing.confirmation_views",
    "pathway.reports.publishing.verify_views",
)
