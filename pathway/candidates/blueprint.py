"""The coach's pages.

Its blueprint, and the modules whose views are on it (registered by ``create_app``).
"""

from __future__ import annotations

from flask import Blueprint

from pathway.candidates.reviews.chart import score_text

bp = Blueprint("candidates", __name__, url_prefix="/candidates")
bp.add_app_template_filter(score_text, "score")

BLUEPRINTS = (bp,)
# Importing these puts their routes on the blueprints above.
VIEWS = (
    "pathway.candidates.views",
    "pathway.candidates.record_views",
    "pathway.candidates.reviews.views",
)
