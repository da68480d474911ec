from flask import Blueprint

from pathway.auth.models import Role
from pathway.auth.policy import role_required

bp = Blueprint("reports", __name__, url_prefix="/figures")


@bp.route("/")
@role_required(Role.CR_OFFICER)
def figures():
    return "figures"
