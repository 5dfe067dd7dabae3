"""search: blind-index tokens of the contact on tickets, and the complaint's words (issue 14)

Revision ID: i14s
Revises: i11s
Create Date: 2026-11-30 14:50:00

Existing tickets get NULL tokens (`index_key` NULL): `complaint-bot db reindex` fills them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision: str = "i14s"
down_revision: str | None = "i11s"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column("phone_index", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch.add_column(
            sa.Column("email_index", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch.add_column(
            sa.Column("index_key", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )
        batch.create_index("ix_tickets_phone_index", ["phone_index"], unique=False)
        batch.create_index("ix_tickets_email_index", ["email_index"], unique=False)
    op.create_table(
        "ticket_terms",
        sa.Column("term", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("term", "ticket_id"),
    )
    op.create_index("ix_ticket_terms_ticket_id", "ticket_terms", ["ticket_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_ticket_terms_ticket_id", table_name="ticket_terms")
    op.drop_table("ticket_terms")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_email_index")
        batch.drop_index("ix_tickets_phone_index")
        batch.drop_column("index_key")
        batch.drop_column("email_index")
        batch.drop_column("phone_index")
