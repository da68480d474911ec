"""figures speed: the figures' summary of the stage history, and the indexes the figures use

Revision ID: 0013
Revises: 0008
Create Date: 2026-11-23 05:30:00

The summary tables are filled from the history already recorded, by the same function as
`flask reports rebuild-summary` (it names the columns it reads: stage_event, placement,
placement_stage, nomination.created_at, consent).
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0008"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


EVENT_KINDS = (
    "accepted",
    "scheduled",
    "rescheduled",
    "attended",
    "did_not_attend",
    "passed",
    "hired",
    "not_hired",
    "withdrawn",
    "consent_withdrawn",
    "consent_given",
    "paused",
    "resumed",
    "transferred",
)
CONTRACT_TYPES = ("permanent", "fixed_term", "zero_hours", "seasonal", "apprenticeship")
ENDED_BY = ("candidate", "employer", "coach")
LEAVE_REASONS = (
    "english_level",
    "customer_service",
    "role_not_suitable",
    "attendance",
    "personal_circumstances",
    "health",
    "other_work",
    "moved_away",
    "no_vacancy",
    "other",
)


def _outcome_columns():
    return [
        sa.Column("contract_type", _enum("contracttype", *CONTRACT_TYPES), nullable=True),
        sa.Column("hours_per_week", sa.Float(), nullable=True),
        sa.Column("ended_by", _enum("endedby", *ENDED_BY), nullable=True),
        sa.Column("reason", _enum("leavereason", *LEAVE_REASONS), nullable=True),
    ]


def _programme_key(table):
    return sa.ForeignKeyConstraint(
        ["programme_id"], ["programme.id"], name=op.f(f"fk_{table}_programme_id_programme")
    )


def _placement_key(table):
    return sa.ForeignKeyConstraint(
        ["placement_id"],
        ["placement.id"],
        name=op.f(f"fk_{table}_placement_id_placement"),
        ondelete="CASCADE",
    )


def upgrade():
    op.create_table(
        "placement_milestone",
        sa.Column("placement_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", _enum("eventkind", *EVENT_KINDS), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("stage_name", sa.String(length=80), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("is_interview", sa.Boolean(), nullable=False),
        sa.Column("before_interview", sa.Boolean(), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=True),
        sa.Column("waited_days", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        *_outcome_columns(),
        _placement_key("placement_milestone"),
        _programme_key("placement_milestone"),
        sa.PrimaryKeyConstraint(
            "placement_id", "kind", "position", name=op.f("pk_placement_milestone")
        ),
    )
    with op.batch_alter_table("placement_milestone", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placement_milestone_programme_day", ["programme_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_placement_milestone_waits",
            ["programme_id", "kind", "is_interview", "occurred_at", "counted", "waited_days"],
            unique=False,
        )
        batch_op.create_index(
            "ix_placement_milestone_job_start", ["programme_id", "kind", "start_date"], unique=False
        )

    op.create_table(
        "placement_summary",
        sa.Column("placement_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("first_event_at", sa.DateTime(), nullable=False),
        sa.Column("last_event_at", sa.DateTime(), nullable=False),
        sa.Column("trained_at", sa.DateTime(), nullable=True),
        sa.Column("interview_held_on", sa.Date(), nullable=True),
        _placement_key("placement_summary"),
        _programme_key("placement_summary"),
        sa.PrimaryKeyConstraint("placement_id", name=op.f("pk_placement_summary")),
    )
    with op.batch_alter_table("placement_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placement_summary_taking_part",
            [
                "programme_id",
                "last_event_at",
                "first_event_at",
                "candidate_id",
                "counted",
                "organisation_id",
            ],
            unique=False,
        )
        batch_op.create_index(
            "ix_placement_summary_trained",
            ["programme_id", "trained_at", "counted", "interview_held_on"],
            unique=False,
        )

    op.create_table(
        "milestone_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("whole_month", sa.Boolean(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("kind", _enum("eventkind", *EVENT_KINDS), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("stage_name", sa.String(length=80), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("is_interview", sa.Boolean(), nullable=False),
        *_outcome_columns(),
        sa.Column("placements", sa.Integer(), nullable=False),
        _programme_key("milestone_tally"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_tally")),
    )
    with op.batch_alter_table("milestone_tally", schema=None) as batch_op:
        batch_op.create_index(
            "ix_milestone_tally_programme_day",
            ["programme_id", "whole_month", "day"],
            unique=False,
        )

    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.create_index(
            "ix_nomination_programme_created",
            ["programme_id", "created_at", "status", "decided_at", "candidate_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_nomination_programme_decided",
            ["programme_id", "status", "decided_at", "decline_reason", "candidate_id"],
            unique=False,
        )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consent_scope_in_force", ["scope", "withdrawn_on", "candidate_id"], unique=False
        )

    from pathway.reports.figures.summary import rebuild

    rebuild(op.get_bind())


def downgrade():
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_scope_in_force")
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.drop_index("ix_nomination_programme_decided")
        batch_op.drop_index("ix_nomination_programme_created")
    for table in ("milestone_tally", "placement_summary", "placement_milestone"):
        op.drop_table(table)
