"""Two-factor sign-in: a code from an authenticator app (TOTP) after the password."""
