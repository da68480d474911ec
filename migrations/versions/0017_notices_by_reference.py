"""notices name their candidate by id, never by a copied first name

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 09:00:00

Each notice gets ``candidate_id``, found from what it links to (a candidate's pages, a
placement, a nomination or a follow-up). Where the candidate's first name stands in its
text, it becomes the ``{candidate}`` slot that is filled in, through the access policy,
when the notice is shown (pathway/notifications/services.py).
"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

SLOT = '{candidate}'
LINKS = (  # what a notice links to -> how its candidate is found
    (re.compile(r'^/candidates/(\d+)(?:[/?#]|$)'), 'SELECT id FROM candidate WHERE id = :id'),
    (
        re.compile(r'^/placements/follow-ups/(\d+)(?:[/?#]|$)'),
        'SELECT p.candidate_id FROM retention_check r JOIN placement p ON p.id = r.placement_id '
        'WHERE r.id = :id',
    ),
    (
        re.compile(r'^/placements/nominations/(\d+)(?:[/?#]|$)'),
        'SELECT candidate_id FROM nomination WHERE id = :id',
    ),
    (re.compile(r'^/placements/(\d+)(?:[/?#]|$)'), 'SELECT candidate_id FROM placement WHERE id = :id'),
)


def upgrade():
    with op.batch_alter_table('notification') as table:
        table.add_column(sa.Column('candidate_id', sa.Integer(), nullable=True))
        table.create_index('ix_notification_candidate_id', ['candidate_id'])
        table.create_foreign_key(
            'fk_notification_candidate_id_candidate', 'candidate', ['candidate_id'], ['id']
        )
    connection = op.get_bind()
    notices = connection.execute(sa.text('SELECT id, link, text FROM notification')).all()
    for notice_id, link, text in notices:
        candidate_id = _candidate_of(connection, link or '')
        if candidate_id is None:
            continue
        first_name = connection.scalar(
            sa.text('SELECT first_name FROM candidate WHERE id = :id'), {'id': candidate_id}
        )
        if first_name:
            text = re.sub(rf'(?<!\w){re.escape(first_name)}(?!\w)', SLOT, text)[:300]
        connection.execute(
            sa.text('UPDATE notification SET candidate_id = :candidate, text = :text WHERE id = :id'),
            {'candidate': candidate_id, 'text': text, 'id': notice_id},
        )


def _candidate_of(connection, link: str):
    for pattern, query in LINKS:
        found = pattern.match(link)
        if found:
            return connection.scalar(sa.text(query), {'id': int(found.group(1))})
    return None


def downgrade():
    op.execute(f"UPDATE notification SET text = REPLACE(text, '{SLOT}', 'a candidate')")
    with op.batch_alter_table('notification') as table:
        table.drop_constraint('fk_notification_candidate_id_candidate', type_='foreignkey')
        table.drop_index('ix_notification_candidate_id')
        table.drop_column('candidate_id')
