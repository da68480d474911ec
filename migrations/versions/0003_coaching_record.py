"""coaching record: readiness assessments and programme criteria, areas to avoid,
weekly reviews, consent withdrawal details, paused placements

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23 02:46:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_review_area_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_area')),
    sa.UniqueConstraint('organisation_id', 'position', name=op.f('uq_review_area_organisation_id'))
    )
    with op.batch_alter_table('review_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_area_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('programme_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_criterion_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_criterion'))
    )
    with op.batch_alter_table('programme_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_criterion_programme_id'), ['programme_id'], unique=False)

    op.create_table('avoid_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('town', 'region', name='areakind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_avoid_area_candidate_id_candidate')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_avoid_area_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['user.id'], name=op.f('fk_avoid_area_removed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_avoid_area'))
    )
    with op.batch_alter_table('avoid_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_avoid_area_candidate_id'), ['candidate_id'], unique=False)

    op.create_table('readiness_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('english_level', sa.Enum('pre_entry', 'entry_1', 'entry_2', 'entry_3', 'level_1', 'level_2', name='englishlevel', native_enum=False, length=32), nullable=False),
    sa.Column('english_assessed_on', sa.Date(), nullable=False),
    sa.Column('right_to_work', sa.Enum('british_irish', 'settled', 'pre_settled', 'visa', 'asylum_no_permission', 'other', name='righttowork', native_enum=False, length=32), nullable=False),
    sa.Column('right_to_work_checked_on', sa.Date(), nullable=True),
    sa.Column('visa_issued_on', sa.Date(), nullable=True),
    sa.Column('visa_expires_on', sa.Date(), nullable=True),
    sa.Column('nrm_decision', sa.Enum('not_referred', 'referred', 'positive_reasonable', 'positive_conclusive', 'negative_conclusive', name='nrmdecision', native_enum=False, length=32), nullable=False),
    sa.Column('commit_weeks', sa.Integer(), nullable=True),
    sa.Column('support_in_place', sa.Boolean(), nullable=True),
    sa.Column('move_on_plan', sa.Boolean(), nullable=True),
    sa.Column('custom_answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['user.id'], name=op.f('fk_readiness_assessment_assessed_by_id_user')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_readiness_assessment_candidate_id_candidate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_readiness_assessment'))
    )
    with op.batch_alter_table('readiness_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_readiness_assessment_candidate_id'), ['candidate_id'], unique=False)

    op.create_table('weekly_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('signed_by_client', sa.Boolean(), nullable=False),
    sa.Column('signed_by_coach', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_weekly_review_candidate_id_candidate')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_weekly_review_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weekly_review')),
    sa.UniqueConstraint('candidate_id', 'reviewed_on', name=op.f('uq_weekly_review_candidate_id'))
    )
    with op.batch_alter_table('weekly_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weekly_review_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_weekly_review_reviewed_on'), ['reviewed_on'], unique=False)

    op.create_table('review_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_review_score_score_range')),
    sa.ForeignKeyConstraint(['review_id'], ['weekly_review.id'], name=op.f('fk_review_score_review_id_weekly_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_score')),
    sa.UniqueConstraint('review_id', 'position', name=op.f('uq_review_score_review_id'))
    )
    with op.batch_alter_table('review_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_score_review_id'), ['review_id'], unique=False)

    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('right_to_work_checked_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visa_issued_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('commit_weeks', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('support_in_place', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('move_on_plan', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('custom_answers', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))

    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('witness', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_method', sa.Enum('signed_form', 'verbal_witnessed', 'told_coach', name='consentmethod', native_enum=False, length=32), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_consent_withdrawn_by_id_user'), 'user', ['withdrawn_by_id'], ['id'])

    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('right_to_work_fresh_months', sa.Integer(), nullable=False, server_default='12'))
        batch_op.add_column(sa.Column('commitment_required', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('support_required', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('move_on_plan_required', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('places_per_site', sa.Integer(), nullable=True))

    # Each existing candidate's facts become their first readiness assessment (by their coach).
    recorded_on = "date(created_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(created_at AS DATE)"
    op.execute(
        "INSERT INTO readiness_assessment (candidate_id, assessed_on, assessed_by_id, recorded_at,"
        " english_level, english_assessed_on, right_to_work, visa_expires_on, nrm_decision,"
        " custom_answers)"
        f" SELECT id, {recorded_on}, coach_id, created_at, english_level, english_assessed_on,"
        " right_to_work, visa_expires_on, nrm_decision, '{}' FROM candidate"
        " WHERE coach_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_column('places_per_site')
        batch_op.drop_column('move_on_plan_required')
        batch_op.drop_column('support_required')
        batch_op.drop_column('commitment_required')
        batch_op.drop_column('right_to_work_fresh_months')

    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_column('paused_at')

    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consent_withdrawn_by_id_user'), type_='foreignkey')
        batch_op.drop_column('withdrawal_method')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('witness')

    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_column('custom_answers')
        batch_op.drop_column('move_on_plan')
        batch_op.drop_column('support_in_place')
        batch_op.drop_column('commit_weeks')
        batch_op.drop_column('visa_issued_on')
        batch_op.drop_column('right_to_work_checked_on')
        batch_op.drop_column('region')

    with op.batch_alter_table('review_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_score_review_id'))

    op.drop_table('review_score')
    with op.batch_alter_table('weekly_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weekly_review_reviewed_on'))
        batch_op.drop_index(batch_op.f('ix_weekly_review_candidate_id'))

    op.drop_table('weekly_review')
    with op.batch_alter_table('readiness_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_readiness_assessment_candidate_id'))

    op.drop_table('readiness_assessment')
    with op.batch_alter_table('avoid_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_avoid_area_candidate_id'))

    op.drop_table('avoid_area')
    with op.batch_alter_table('programme_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_criterion_programme_id'))

    op.drop_table('programme_criterion')
    with op.batch_alter_table('review_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_area_organisation_id'))

    op.drop_table('review_area')
