"""conversations.locale: the reply language chosen from what the customer wrote (issue 9)

Revision ID: i9en01
Revises: 0001
Create Date: 2026-11-30 09:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision: str = 'i9en01'
down_revision: str | None = 'i9b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversations') as batch:
        batch.add_column(
            sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('locale')
