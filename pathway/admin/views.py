from flask import Blueprint

from pathway.auth.models import Role
from pathway.auth.policy import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    return "admin"
