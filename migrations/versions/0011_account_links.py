"""account links: e-mailed invitations and password resets (only a hash of each token),
and "forgot your password" requests for the per-address limit

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-24 10:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_account_link_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_link_token_hash")),
    )
    with op.batch_alter_table("account_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_link_user_id"), ["user_id"], unique=False)

    op.create_table(
        "password_reset_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_request")),
    )
    with op.batch_alter_table("password_reset_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_password_reset_request_ip_address"), ["ip_address"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_password_reset_request_occurred_at"), ["occurred_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("password_reset_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_reset_request_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_password_reset_request_ip_address"))
    op.drop_table("password_reset_request")

    with op.batch_alter_table("account_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_link_user_id"))
    op.drop_table("account_link")
