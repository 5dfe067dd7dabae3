"""api_tokens: bearer tokens of the REST API, stored hashed (issue 14)

Revision ID: i14a
Revises: i14h
Create Date: 2026-11-30 14:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

import storage.types

revision: str = "i14a"
down_revision: str | None = "i14h"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("prefix", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_api_tokens_agent_id", "api_tokens", ["agent_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_api_tokens_agent_id", table_name="api_tokens")
    op.drop_table("api_tokens")
