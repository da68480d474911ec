"""Fictional demo data: loaded by ``make run`` into an empty database."""

import click
from flask.cli import AppGroup

demo_cli = AppGroup("pathway", help="Pathway's own commands.")


@demo_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
def load_demo(if_empty: bool) -> None:
    """Load the demo organisations, accounts and candidates."""
    raise click.ClickException("not yet")
