"""no change stamp: no page is kept and served before the request's checks

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 10:00:00

The change stamp existed for whole pages each worker kept and served before sign-in and the
session checks had run; Pathway draws every page for the request now (issue 13).
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('change_stamp')


def downgrade():
    stamp = op.create_table(
        'change_stamp',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_stamp')),
    )
    op.bulk_insert(stamp, [{'id': 1, 'value': secrets.randbits(62)}])
