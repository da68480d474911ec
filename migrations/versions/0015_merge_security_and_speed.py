"""merge the branches: encrypted notes, two-factor, account links, data protection, figures
and page speed

Revision ID: 0015
Revises: 0009, 0010, 0011, 0012, 0013, 0014
Create Date: 2026-11-23 05:55:00

"""

revision = '0015'
down_revision = ('0009', '0010', '0011', '0012', '0013', '0014')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
