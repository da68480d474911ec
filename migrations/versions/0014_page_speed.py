"""indexes for fast pages: a programme's open placements (a partnership lead's board)

Revision ID: 0014
Revises: 0008
Create Date: 2026-11-23 06:30:00

The board, the overview and matching read a programme's open placements; with only
ix_placement_programme_id every placement the programme ever had was read to find them.
The new index starts with programme_id, so it serves what the old one did, which goes.
"""
from alembic import op

revision = '0014'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_placement_programme_outcome', 'placement', ['programme_id', 'outcome'], unique=False
    )
    op.drop_index('ix_placement_programme_id', table_name='placement')


def downgrade():
    op.create_index('ix_placement_programme_id', 'placement', ['programme_id'], unique=False)
    op.drop_index('ix_placement_programme_outcome', table_name='placement')
