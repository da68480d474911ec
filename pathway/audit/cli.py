"""``flask audit verify``: check the audit trail's hash chain."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from pathway.audit.services import verify_chain

audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Check every event's hash and link; report the first broken link (exit status 1)."""
    check = verify_chain()
    if check.intact:
        click.echo(f"The audit trail is intact: {check.checked} events checked.")
        return
    click.echo(
        f"The audit trail is broken at event {check.broken_at}: {check.reason}. "
        f"{check.checked} events before it are intact.",
        err=True,
    )
    raise SystemExit(1)
