"""every remedy on a ticket; stale-draft reminders (issue 9 items 5 and 8)

Revision ID: i9b
Revises: 0001
Create Date: 2026-11-30 09:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

import storage.types

revision: str = 'i9b'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('remedy_keys', sqlmodel.sql.sqltypes.AutoString(length=255),
                                   nullable=True))
        batch.add_column(sa.Column('remedies_enc', sa.Text(), nullable=True))
    with op.batch_alter_table('conversations') as batch:
        batch.add_column(sa.Column('reminded_at', storage.types.UTCDateTime(), nullable=True))
    op.create_index('ix_conversations_state_updated', 'conversations', ['state', 'updated_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_conversations_state_updated', table_name='conversations')
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('reminded_at')
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('remedies_enc')
        batch.drop_column('remedy_keys')
