from flask import Blueprint

from pathway.auth.models import Role
from pathway.auth.policy import role_required

bp = Blueprint("candidates", __name__, url_prefix="/candidates")


@bp.route("/")
@role_required(Role.COACH)
def caseload():
    return "caseload"
