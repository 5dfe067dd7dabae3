"""the web console's sign-in links and sessions (issue 14)

Revision ID: i14w
Revises: i14a
Create Date: 2026-11-30 14:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

import storage.types

revision: str = 'i14w'
down_revision: str | None = 'i14a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('web_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('used_at', storage.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('web_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_links_agent_id'), ['agent_id'], unique=False)
    op.create_table('web_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('ended_at', storage.types.UTCDateTime(), nullable=True),
    sa.Column('flash_enc', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_agent_id'), ['agent_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_agent_id'))
    op.drop_table('web_sessions')
    with op.batch_alter_table('web_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_links_agent_id'))
    op.drop_table('web_links')
