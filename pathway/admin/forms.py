"""Forms for organisations, sites and accounts. The rules themselves are in services.py."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from pathway.auth.models import OrganisationKind, Role
from pathway.forms import MultiCheckboxField, strip
from pathway.vocabulary import choices


def optional_int(value):
    return int(value) if value not in (None, "") else None


def upper(value):
    return value.strip().upper() if isinstance(value, str) else value


class OrganisationForm(FlaskForm):
    name = StringField(
        "Name",
        filters=[strip],
        validators=[DataRequired("Give the organisation's name."), Length(max=120)],
    )
    kind = SelectField("Kind", choices=choices(OrganisationKind))
    reference_prefix = StringField(
        "Reference prefix",
        filters=[upper],
        validators=[
            Optional(),
            Regexp(r"^[A-Z]{2,4}$", message="Use 2 to 4 capital letters, such as CH."),
        ],
        description="Support providers only: starts their candidates' references, e.g. CH.",
    )


class SiteForm(FlaskForm):
    name = StringField(
        "Site name",
        filters=[strip],
        validators=[DataRequired("Give the site's name."), Length(max=120)],
    )
    town = StringField(
        "Town", filters=[strip], validators=[DataRequired("Give the town."), Length(max=80)]
    )
    region = StringField(
        "Region",
        filters=[strip],
        validators=[DataRequired("Give the region."), Length(max=80)],
        description="E.g. Yorkshire and the Humber.",
    )


class AccountForm(FlaskForm):
    """What an administrator may change on any account."""

    role = SelectField(
        "Role",
        choices=choices(Role, "Choose a role"),
        validators=[DataRequired("Choose a role.")],
        description="Coaches work for a support provider; partnership leads, site managers "
        "and corporate responsibility officers for an employer; administrators for either.",
    )
    sites = MultiCheckboxField(
        "Sites", coerce=int, description="Site managers only: the sites they manage."
    )


class NewUserForm(AccountForm):
    name = StringField(
        "Name",
        filters=[strip],
        validators=[DataRequired("Give the person's name."), Length(max=120)],
    )
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[
            DataRequired("Give an email address."),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Give a whole email address."),
        ],
        description="Pathway e-mails an invitation to this address: a link to choose a password.",
    )
    organisation = SelectField(
        "Organisation",
        coerce=optional_int,
        validators=[DataRequired("Choose the person's organisation.")],
    )


class EditUserForm(AccountForm):
    active = BooleanField("Active (may sign in)")
