"""indexes for reading at scale: a period's stage events

Revision ID: 0007
Revises: 0001
Create Date: 2026-11-23 03:20:00

"""
from alembic import op


revision = '0007'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stage_event', schema=None) as batch_op:
        batch_op.create_index(
            'ix_stage_event_occurred_placement', ['occurred_at', 'placement_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('stage_event', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_event_occurred_placement')
