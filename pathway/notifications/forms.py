"""Marking a notice read, and choosing how notices come by e-mail."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired

from pathway.notifications.vocabulary import EmailPreference
from pathway.vocabulary import choices


class MarkReadForm(FlaskForm):
    notification_id = IntegerField(validators=[InputRequired("Which notice?")])


class EmailPreferenceForm(FlaskForm):
    preference = RadioField(
        "E-mail me about new notices",
        choices=choices(EmailPreference),
        validators=[InputRequired("Choose one.")],
        description="E-mails only say what kind of notice it is and link here: no names.",
    )
