"""inbound messages: recorded first, processed after (issue 10)

Revision ID: i10a
Revises: 0001
Create Date: 2026-11-30 09:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

import storage.types

revision: str = 'i10a'
down_revision: str | None = 'i9en01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_messages') as batch:
        batch.add_column(sa.Column('processed_at', storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False,
                                   server_default='0'))
        batch.add_column(sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=255),
                                   nullable=True))
        batch.create_index('ix_inbound_messages_processed_at', ['processed_at'], unique=False)
    # Before this revision a message was recorded in the transaction that processed it:
    # every existing row is a processed one.
    op.execute('UPDATE inbound_messages SET processed_at = received_at')


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages') as batch:
        batch.drop_index('ix_inbound_messages_processed_at')
        batch.drop_column('last_error')
        batch.drop_column('attempts')
        batch.drop_column('processed_at')
