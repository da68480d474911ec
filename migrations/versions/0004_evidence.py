"""evidence for Modern Slavery Act statements: report drafts, partner confirmations,
published snapshots and their reference counter

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-23 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None

REFUSAL = 'A published report cannot be changed or deleted; publish a correction instead.'


def _forbid_changes_to_published_reports():
    """A published report is immutable in the database too, not only in the code."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE FUNCTION report_snapshot_immutable() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER report_snapshot_immutable BEFORE UPDATE OR DELETE ON report_snapshot "
            "FOR EACH ROW EXECUTE FUNCTION report_snapshot_immutable()"
        )
    else:
        for action in ('UPDATE', 'DELETE'):
            op.execute(
                f"CREATE TRIGGER report_snapshot_no_{action.lower()} BEFORE {action} "
                f"ON report_snapshot BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )


def _allow_changes_to_published_reports():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS report_snapshot_immutable ON report_snapshot")
        op.execute("DROP FUNCTION IF EXISTS report_snapshot_immutable()")
    else:
        op.execute("DROP TRIGGER IF EXISTS report_snapshot_no_update")
        op.execute("DROP TRIGGER IF EXISTS report_snapshot_no_delete")


def upgrade():
    op.create_table('report_reference_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_report_reference_counter'))
    )
    op.create_table('report_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('partner_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_report_draft_created_by_id_user')),
    sa.ForeignKeyConstraint(['employer_id'], ['organisation.id'], name=op.f('fk_report_draft_employer_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_draft'))
    )
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_draft_employer_id'), ['employer_id'], unique=False)

    op.create_table('report_confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Enum('confirmed', 'not_confirmed', name='confirmationanswer', native_enum=False, length=32), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_report_confirmation_answered_by_id_user')),
    sa.ForeignKeyConstraint(['draft_id'], ['report_draft.id'], name=op.f('fk_report_confirmation_draft_id_report_draft')),
    sa.ForeignKeyConstraint(['provider_id'], ['organisation.id'], name=op.f('fk_report_confirmation_provider_id_organisation')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_report_confirmation_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_confirmation')),
    sa.UniqueConstraint('draft_id', 'provider_id', name=op.f('uq_report_confirmation_draft_id'))
    )
    with op.batch_alter_table('report_confirmation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_confirmation_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_confirmation_provider_id'), ['provider_id'], unique=False)

    op.create_table('report_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('supersede_reason', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_report_snapshot_author_id_user')),
    sa.ForeignKeyConstraint(['draft_id'], ['report_draft.id'], name=op.f('fk_report_snapshot_draft_id_report_draft')),
    sa.ForeignKeyConstraint(['employer_id'], ['organisation.id'], name=op.f('fk_report_snapshot_employer_id_organisation')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['report_snapshot.id'], name=op.f('fk_report_snapshot_supersedes_id_report_snapshot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshot')),
    sa.UniqueConstraint('draft_id', name=op.f('uq_report_snapshot_draft_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_report_snapshot_reference')),
    sa.UniqueConstraint('supersedes_id', name=op.f('uq_report_snapshot_supersedes_id'))
    )
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_snapshot_employer_id'), ['employer_id'], unique=False)

    _forbid_changes_to_published_reports()


def downgrade():
    _allow_changes_to_published_reports()
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_snapshot_employer_id'))

    op.drop_table('report_snapshot')
    with op.batch_alter_table('report_confirmation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_confirmation_provider_id'))
        batch_op.drop_index(batch_op.f('ix_report_confirmation_draft_id'))

    op.drop_table('report_confirmation')
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_draft_employer_id'))

    op.drop_table('report_draft')
    op.drop_table('report_reference_counter')
