"""Coach notes and other sensitive free text are encrypted at rest with a key from outside."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pathway import create_app, crypto
from pathway.auth.models import Role
from pathway.candidates.models import Candidate
from pathway.candidates.reviews.services import AreaScore, record_review, review_areas
from pathway.clock import today_london
from pathway.config import ConfigError, load_config
from pathway.extensions import db
from pathway.placements.transitions import Action
from tests.factories import Factory

NOTE = "Sleeping at her cousin's flat near the depot since Tuesday"
ADJUSTMENT = "Needs to leave by 3pm for a weekly appointment"
STAGE_NOTE = "Arrived early and asked good questions about the tills"


def _stored(table: str, column: str) -> list[str]:
    return list(db.session.scalars(text(f"SELECT {column} FROM {table} WHERE {column} <> ''")))


def _note_everything(make) -> Candidate:
    """A candidate with an adjustment, a review note and a stage note."""
    coach = make.user(Role.COACH)
    candidate = make.candidate(coach, adjustments=ADJUSTMENT)
    area = review_areas(coach.organisation_id)[0]
    record_review(
        candidate, coach, today_london(), [AreaScore(area, 3, NOTE)], True, True, today_london()
    )
    employer = make.employer()
    site = make.site(employer)
    manager = make.user(Role.SITE_MANAGER, employer, sites=[site])
    placement = make.placement(candidate, make.programme(employer, sites=[site]), manager, site)
    make.advance(placement, manager, Action.SCHEDULE, note=STAGE_NOTE)
    db.session.commit()
    return candidate


@pytest.fixture
def noted(make):
    return _note_everything(make)


def test_notes_are_read_back_as_written(noted):
    db.session.expire_all()
    assert noted.adjustments == ADJUSTMENT
    review = noted_review(noted)
    assert review.scores[0].note == NOTE


def noted_review(candidate):
    from pathway.candidates.reviews.services import reviews_of

    return reviews_of(candidate)[0]


def test_the_database_holds_only_ciphertext(noted):
    for table, column, plain in [
        ("candidate", "adjustments", ADJUSTMENT),
        ("review_score", "note", NOTE),
        ("stage_event", "note", STAGE_NOTE),
    ]:
        stored = _stored(table, column)
        assert stored, f"nothing stored in {table}.{column}"
        assert all(plain not in value for value in stored)
        assert plain in {crypto.decrypt(value) for value in stored}


def test_strings_of_the_database_file_finds_no_note(tmp_path):
    """On a SQLite file of its own (also in the PostgreSQL run): its bytes hold no note."""
    from flask_migrate import upgrade

    path = tmp_path / "strings.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(revision="heads")
        reference = _note_everything(Factory()).reference
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()
    content = b"".join(file.read_bytes() for file in tmp_path.glob("strings.sqlite3*"))
    assert reference.encode() in content  # the right file, and readable
    for plain in (NOTE, ADJUSTMENT, STAGE_NOTE):
        assert plain.encode() not in content
        assert plain.encode("utf-16-le") not in content


def test_a_wrong_key_is_a_clear_error_not_garbage(noted, app):
    token = _stored("review_score", "note")[0]
    app.extensions[crypto.EXTENSION] = crypto.parse_keys(crypto.new_key())
    with pytest.raises(crypto.EncryptionKeyError, match="not the key it was written with"):
        crypto.decrypt(token)


def test_keys_rotate_old_tokens_still_read(noted, app):
    old_key = app.config["ENCRYPTION_KEY"]
    token = _stored("review_score", "note")[0]
    new_key = crypto.new_key()
    app.extensions[crypto.EXTENSION] = crypto.parse_keys(f"{new_key},{old_key}")
    assert crypto.decrypt(token) == NOTE
    rotated = crypto.rotate(token)
    app.extensions[crypto.EXTENSION] = crypto.parse_keys(new_key)
    assert crypto.decrypt(rotated) == NOTE


def test_production_refuses_to_start_without_a_key(tmp_path):
    with pytest.raises(ConfigError, match="ENCRYPTION_KEY is not set"):
        load_config(str(tmp_path), {"PATHWAY_ENV": "production", "SECRET_KEY": "x" * 40})


def test_a_malformed_key_is_refused_plainly():
    with pytest.raises(crypto.EncryptionKeyError, match="Fernet keys"):
        crypto.parse_keys("not-a-key")


def test_development_keeps_its_key_in_the_instance_folder_not_the_repository(tmp_path):
    first = load_config(str(tmp_path), {"PATHWAY_ENV": "development"})["ENCRYPTION_KEY"]
    again = load_config(str(tmp_path), {"PATHWAY_ENV": "development"})["ENCRYPTION_KEY"]
    assert first == again
    assert (tmp_path / "encryption_key").stat().st_mode & 0o077 == 0
    crypto.parse_keys(first)  # a usable key
