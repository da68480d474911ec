"""data protection: a candidate's erasure (when and why), and the personal columns that
erasure empties may be NULL

Revision ID: 0012
Revises: 0008
Create Date: 2026-11-23 06:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0008"
branch_labels = None
depends_on = None

# column -> (type, what an erased row gets back on downgrade, where NOT NULL returns)
ERASABLE = {
    "date_of_birth": (sa.Date(), "'1900-01-01'"),
    "english_level": (sa.String(length=32), "'pre_entry'"),
    "english_assessed_on": (sa.Date(), "'1900-01-01'"),
    "right_to_work": (sa.String(length=32), "'other'"),
    "nrm_decision": (sa.String(length=32), "'not_referred'"),
}


def upgrade():
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("erasure_reason", sa.String(length=32), nullable=True))
        for column, (type_, _) in ERASABLE.items():
            batch_op.alter_column(column, existing_type=type_, nullable=True)


def downgrade():
    # Erased data cannot come back: erased rows get placeholders so the columns can be
    # NOT NULL again.
    for column, (_, placeholder) in ERASABLE.items():
        op.execute(f"UPDATE candidate SET {column} = {placeholder} WHERE {column} IS NULL")
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        for column, (type_, _) in ERASABLE.items():
            batch_op.alter_column(column, existing_type=type_, nullable=False)
        batch_op.drop_column("erasure_reason")
        batch_op.drop_column("erased_at")
