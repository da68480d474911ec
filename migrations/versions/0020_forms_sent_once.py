"""a form sent twice is saved once: the keys of saved forms, kept a day

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 14:00:00

A double click made two survivor records, or answered 500 (issue 14). Each form carries a
key; the key of a form whose work was saved is stored with it (pathway/submissions.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sent_form',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('answer', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user.id'], name=op.f('fk_sent_form_user_id_user'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_sent_form')),
    )
    op.create_index(op.f('ix_sent_form_sent_at'), 'sent_form', ['sent_at'])


def downgrade():
    op.drop_index(op.f('ix_sent_form_sent_at'), table_name='sent_form')
    op.drop_table('sent_form')
