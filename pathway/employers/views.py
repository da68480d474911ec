from flask import Blueprint

from pathway.auth.models import Role
from pathway.auth.policy import role_required

bp = Blueprint("employers", __name__, url_prefix="/programmes")


@bp.route("/")
@role_required(Role.PARTNERSHIP_LEAD, Role.COACH)
def programmes():
    return "programmes"
