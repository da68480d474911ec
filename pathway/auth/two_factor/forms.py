"""The one field every two-factor page asks for: a code."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from pathway.forms import strip


class CodeForm(FlaskForm):
    code = StringField(
        "Code",
        filters=[strip],
        validators=[DataRequired("Type the code."), Length(max=40, message="That is too long.")],
    )
