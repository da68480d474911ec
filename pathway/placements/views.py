from flask import Blueprint

from pathway.auth.models import Role
from pathway.auth.policy import role_required

bp = Blueprint("placements", __name__, url_prefix="/placements")


@bp.route("/board")
@role_required(Role.SITE_MANAGER, Role.PARTNERSHIP_LEAD)
def board():
    return "board"


@bp.route("/")
@role_required(Role.SITE_MANAGER, Role.PARTNERSHIP_LEAD)
def overview():
    return "overview"
