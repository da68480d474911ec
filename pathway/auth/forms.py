from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Give your current password."), Length(max=200)],
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), Length(max=200)],
        description="At least 12 characters, and not a common password. A few unrelated "
        "words together are easy to remember and hard to guess.",
    )
    confirm = PasswordField(
        "New password again", validators=[DataRequired("Type the new password again.")]
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Give the email address you sign in with."), Length(max=254)],
    )


class ChoosePasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a password."), Length(max=200)],
        description="At least 12 characters, and not a common password. A few unrelated "
        "words together are easy to remember and hard to guess.",
    )
    confirm = PasswordField(
        "New password again", validators=[DataRequired("Type the password again.")]
    )
