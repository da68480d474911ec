"""The change stamp: one number that changes with every committed change a page can show.

A page kept whole (the board) is kept under the stamp it was drawn at, so a change anywhere
draws it afresh on the next request, in every process. The rule lives here, not in the
views: any session that flushed a changed row, or ran an UPDATE/INSERT/DELETE that touched
one, gives the stamp a new value in the same transaction just before it commits, so the new
stamp is seen exactly when the change is. Writes that no kept page shows (``QUIET_TABLES``:
the audit trail, sign-in attempts, job leases) leave it alone, so reading a candidate's page
does not throw every kept board away.

The new value is random, not the old one plus one: a database restored from a backup goes on
from the stamp it had then, and must not come back to a value a process kept pages under.
Reading the stamp first and the data after keeps a kept page from being older than its
stamp: a change committed in between is in the page, and changes the stamp for next time.
Writes made outside Pathway (a hand-run SQL statement) do not move it; ``flask --app wsgi
pathway touch`` does, and so does restarting the web workers (they keep pages in memory).
"""

from __future__ import annotations

import secrets

import click
from flask import g, has_app_context
from flask.cli import with_appcontext
from sqlalchemy import BigInteger, TextClause, bindparam, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from pathway.extensions import db

QUIET_TABLES = frozenset(
    {
        "change_stamp",
        "audit_event",
        "login_attempt",
        "password_reset_request",
        "job_lease",
        "job_run",
    }
)
_DUE = "change_stamp_due"
_READING_TEXT = ("SELECT", "SET ", "SHOW ", "PRAGMA ", "EXPLAIN ")


class ChangeStamp(db.Model):
    """One row: ``value`` changes with every committed change pages show."""

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=1)


def first_value() -> int:
    """Random from the start too: two databases must never share a stamp a worker has seen."""
    return secrets.randbits(62)


@event.listens_for(ChangeStamp.__table__, "after_create")
def _first_row(table, connection, **_kw) -> None:
    """Tables made without the migrations (create_all) get the row too."""
    connection.execute(table.insert().values(id=1, value=first_value()))


_READ = select(ChangeStamp.value).where(ChangeStamp.id == 1)
# A column any first query of a request can carry (the signed-in user's does: ``remember``).
STAMP_NOW = _READ.scalar_subquery()
_MOVE = update(ChangeStamp).where(ChangeStamp.id == 1).values(value=bindparam("value"))


def current_stamp() -> int | None:
    """The stamp as this request first saw it (read before the data it keys); None if its
    row is missing, and then nothing may be kept. Read on a connection of its own, which on
    PostgreSQL runs in autocommit: one round trip to the server, where a transaction adds a
    BEGIN before it and a ROLLBACK after (a kept page costs this one statement)."""
    if "change_stamp" not in g:
        with db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":  # SQLite begins no transaction to read
                connection.execution_options(isolation_level="AUTOCOMMIT")
            remember(connection.execute(_READ).scalar())
    return g.change_stamp


def stamp_read() -> bool:
    """Whether this request has read the stamp already."""
    return "change_stamp" in g


def remember(stamp: int | None) -> None:
    """Keep the stamp read with this request's first query (the signed-in user's does)."""
    g.change_stamp = stamp


def move_stamp(executor=None) -> None:
    """Move the stamp now, in ``executor``'s transaction (a session or a connection): what
    the hooks do at commit, and what writers that bypass the session must do."""
    (executor or db.session).execute(_MOVE, {"value": first_value()})


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    written = [*session.new, *session.deleted]
    written += [record for record in session.dirty if session.is_modified(record)]
    if any(_shown(type(record).__table__.name) for record in written):
        session.info[_DUE] = True


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state):
    """An UPDATE, INSERT or DELETE run through the session counts if it touched a row; SQL
    written out as text counts unless it only reads or sets (``_READING_TEXT``)."""
    if isinstance(state.statement, TextClause):
        if not state.statement.text.lstrip().upper().startswith(_READING_TEXT):
            state.session.info[_DUE] = True
        return None
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    if table is not None and not _shown(table.name):
        return None
    result = state.invoke_statement()
    if getattr(result, "rowcount", -1) != 0:  # -1: not known, so it counts
        state.session.info[_DUE] = True
    return result


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    session.flush()  # commit flushes after this hook: what it would write counts too
    if session.info.pop(_DUE, False):
        move_stamp(session)
        if has_app_context():  # what this request read of the stamp is now out of date
            g.pop("change_stamp", None)


def changes_pending(session: Session) -> bool:
    """The session holds changes not committed yet (flushed or not): a page drawn now may
    show what never happens, so it must not be kept."""
    return bool(session.info.get(_DUE) or session.new or session.dirty or session.deleted)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous) -> None:
    if previous.parent is None:  # the whole transaction (not a savepoint): nothing it did stays
        session.info.pop(_DUE, None)


def _shown(table_name: str) -> bool:
    return table_name not in QUIET_TABLES


@click.command("touch")
@with_appcontext
def touch_command() -> None:
    """Move the change stamp, after data was changed outside Pathway (by hand, in SQL):
    every page the web workers keep is drawn afresh on its next request."""
    move_stamp()
    db.session.commit()
    value = db.session.scalar(_READ)
    click.echo(f"Change stamp is now {value}: kept pages will be drawn afresh.")
