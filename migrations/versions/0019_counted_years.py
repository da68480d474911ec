"""a complete financial year's figures are counted once and kept

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 12:00:00

Asked for on two days, a year's figures differed by whatever was recorded in between, and
the two answers side by side showed those few people (issue 12). A complete financial
year's raw counts are kept from the first time they are needed; a partnership lead may
recount (pathway/reports/figures/counted_years.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'counted_year',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('counted_at', sa.DateTime(), nullable=False),
        sa.Column('given_out', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ['employer_id'], ['organisation.id'], name=op.f('fk_counted_year_employer_id_organisation')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_counted_year')),
        sa.UniqueConstraint('employer_id', 'period_start', name=op.f('uq_counted_year_employer_id')),
    )
    op.create_index(op.f('ix_counted_year_employer_id'), 'counted_year', ['employer_id'])


def downgrade():
    op.drop_index(op.f('ix_counted_year_employer_id'), table_name='counted_year')
    op.drop_table('counted_year')
