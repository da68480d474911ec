"""The schema comes only from migrations, and they match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pathway.extensions import db


def test_migrations_build_exactly_the_schema_the_models_describe(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_migrations_have_one_head(app):
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1, "merge the branches"


def test_notes_written_before_encryption_are_encrypted_by_the_migration(tmp_path):
    """Upgrading a database from before 0009 encrypts the notes already in it."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from pathway import create_app, crypto
    from pathway.candidates.models import Candidate
    from tests.databases import POSTGRES_URL

    uri = POSTGRES_URL or f"sqlite:///{tmp_path / 'before.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        upgrade(revision="heads")
        downgrade(revision="0008")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisation (id, name, kind, financial_year_start_month, "
                    "created_at) VALUES (900, 'Old Provider', 'support_provider', 4, "
                    "'2024-01-01 00:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO candidate (id, reference, organisation_id, first_name, "
                    "date_of_birth, english_level, english_assessed_on, right_to_work, "
                    "nrm_decision, availability, adjustments, created_at, region, "
                    "custom_answers) VALUES (900, 'OLD-1', 900, 'Old', '1990-01-01', "
                    "'entry_3', '2024-01-01', 'settled', 'positive_conclusive', '', "
                    "'Written in plain text', '2024-01-01 00:00:00', '', '{}')"
                )
            )
        upgrade(revision="heads")
        stored = db.session.scalar(text("SELECT adjustments FROM candidate WHERE id = 900"))
        assert "plain text" not in stored
        assert crypto.decrypt(stored) == "Written in plain text"
        assert db.session.get(Candidate, 900).adjustments == "Written in plain text"
        db.session.execute(text("DELETE FROM candidate WHERE id = 900"))
        db.session.execute(text("DELETE FROM organisation WHERE id = 900"))
        db.session.commit()
        db.engine.dispose()


def test_notices_written_with_a_name_are_migrated_to_name_their_candidate_by_id(world, make, login):
    """Notices from before 0017 copied the first name into their text: the migration puts
    the candidate's id and the name's slot in its place, so the policy decides who reads it."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    candidate = make.candidate(world.coach, first_name="Oriane")
    placement = make.placement(candidate, world.programme, world.lead)
    ids = {"manager": world.manager.id, "link": f"/placements/{placement.id}"}
    candidate_id, manager = candidate.id, world.manager
    db.session.remove()
    downgrade(revision="0016")
    db.session.execute(
        text(
            "INSERT INTO notification (recipient_id, kind, subject_key, text, link, created_at) "
            "VALUES (:manager, 'follow_up_due', 'old', "
            "'3-month follow-up: is Oriane still in work?', :link, '2026-01-05 09:00:00')"
        ),
        ids,
    )
    db.session.commit()
    upgrade(revision="heads")
    stored = db.session.execute(
        text("SELECT candidate_id, text FROM notification WHERE subject_key = 'old'")
    ).one()
    assert stored == (candidate_id, "3-month follow-up: is {candidate} still in work?")
    page = login(db.session.merge(manager)).get("/notifications/").get_data(as_text=True)
    assert "is Oriane still in work?" in page
