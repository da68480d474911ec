"""The coach's blueprint; its views live in a few modules (views, record_views, review_views)."""

from flask import Blueprint

from pathway.candidates.reviews.chart import score_text

bp = Blueprint("candidates", __name__, url_prefix="/candidates")
bp.add_app_template_filter(score_text, "score")
