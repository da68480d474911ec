"""encrypt the most sensitive free text at rest (coach notes, adjustments, stage notes)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 05:10:00

The columns become TEXT holding Fernet tokens; rows written before are encrypted here with
ENCRYPTION_KEY (the app's key: Flask-Migrate runs this inside the application).
"""
import sqlalchemy as sa
from alembic import op

from pathway import crypto


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# table -> (column, length before)
COLUMNS = {
    'candidate': ('adjustments', 300),
    'nomination': ('decline_note', 300),
    'review_score': ('note', 300),
    'stage_event': ('note', 300),
}


def _rewrite(table: str, column: str, change) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")
    ).all()
    update = sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id")
    for start in range(0, len(rows), 5000):
        batch = rows[start:start + 5000]
        connection.execute(update, [{"id": row[0], "value": change(row[1])} for row in batch])


def upgrade():
    for table, (column, _length) in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, type_=sa.Text(), existing_nullable=False)
        _rewrite(table, column, crypto.encrypt)


def downgrade():
    for table, (column, length) in COLUMNS.items():
        _rewrite(table, column, crypto.decrypt)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, type_=sa.String(length=length), existing_nullable=False)
