"""the change stamp: one number raised with every committed change pages show

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23 09:00:00

Pages kept whole by the web workers (the board) are kept under it; see pathway/changes.py.
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    stamp = op.create_table(
        'change_stamp',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_stamp')),
    )
    # random from the start: two databases (a restored dump) must never share a stamp
    op.bulk_insert(stamp, [{'id': 1, 'value': secrets.randbits(62)}])


def downgrade():
    op.drop_table('change_stamp')
