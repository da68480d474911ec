"""The change stamp changes with every committed change a page can show, and only then."""

from __future__ import annotations

from sqlalchemy import select, update

from pathway.audit.services import PendingEvent, write_events
from pathway.auth.models import User
from pathway.changes import ChangeStamp
from pathway.extensions import db


def stamp() -> int:
    value = db.session.scalar(select(ChangeStamp.value).where(ChangeStamp.id == 1))
    db.session.rollback()
    return value


def test_a_committed_change_moves_the_stamp(world):
    before = stamp()
    world.site.name = "Leeds Kirkgate"
    world.coach.name = "Sam Coach"
    db.session.commit()
    assert stamp() != before


def test_an_update_statement_moves_it_too(world):
    before = stamp()
    db.session.execute(update(User).where(User.id == world.coach.id).values(name="Sam Coach"))
    db.session.commit()
    assert stamp() != before


def test_a_change_rolled_back_or_never_made_leaves_it(world):
    before = stamp()
    world.site.name = "Not kept"
    db.session.flush()
    db.session.rollback()
    db.session.commit()  # nothing to commit
    assert stamp() == before


def test_writing_the_audit_trail_leaves_it(world):
    before = stamp()
    write_events([PendingEvent(action="view", record_type="candidate", record_id="1")])
    assert stamp() == before


def test_the_touch_command_moves_it(app, world):
    before = stamp()
    result = app.test_cli_runner().invoke(args=["pathway", "touch"])
    assert result.exit_code == 0, result.output
    now = stamp()
    assert now != before and f"Change stamp is now {now}" in result.output


def test_a_savepoint_rolled_back_keeps_what_the_transaction_did_before(world):
    before = stamp()
    world.site.name = "Leeds Kirkgate"
    db.session.flush()
    with db.session.begin_nested() as savepoint:
        world.coach.name = "Never kept"
        db.session.flush()
        savepoint.rollback()
    db.session.commit()
    assert stamp() != before


def test_a_write_that_changes_nothing_leaves_it(world):
    before = stamp()
    world.site.name = world.site.name  # set, but the same
    db.session.execute(update(User).where(User.id == -1).values(name="Nobody"))
    db.session.commit()
    assert stamp() == before


def test_sql_written_out_moves_it_unless_it_only_reads(world):
    from sqlalchemy import text

    before = stamp()
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    assert stamp() == before
    db.session.execute(text("UPDATE site SET name = name"))
    db.session.commit()
    assert stamp() != before


def test_the_first_value_is_random_not_one(app):
    assert stamp() not in (0, 1)


def test_rebuilding_the_figures_summary_moves_it(app, world):
    before = stamp()
    result = app.test_cli_runner().invoke(args=["reports", "rebuild-summary"])
    assert result.exit_code == 0, result.output
    assert stamp() != before
