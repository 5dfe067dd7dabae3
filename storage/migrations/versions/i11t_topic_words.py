"""tickets.topic_words_enc: each complaint's topic words kept at filing; two indexes for
/stats, the month's figures and the open unassigned tickets (issue 11 item 4)

Revision ID: i11t
Revises: i11s
Create Date: 2026-11-30 14:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i11t"
down_revision: str | None = "i11s"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# As storage/models.py declares it (written out: a migration must not change when the models do).
UNASSIGNED = (
    "status IN ('accepted', 'verifying', 'processing', 'awaiting_customer', 'reopened')"
    " AND assignee_id IS NULL"
)


def upgrade() -> None:
    # Nullable, no default: adding it rewrites no row on either backend. Existing tickets
    # keep NULL ("not computed yet"); the first monthly report over their month fills it in
    # (handlers/report.py), so no long backfill runs inside the migration.
    op.add_column("tickets", sa.Column("topic_words_enc", sa.Text(), nullable=True))
    op.create_index(
        "ix_tickets_open_unassigned",
        "tickets",
        ["id"],
        unique=False,
        postgresql_where=sa.text(UNASSIGNED),
        sqlite_where=sa.text(UNASSIGNED),
    )
    op.create_index(
        "ix_tickets_month_figures",
        "tickets",
        ["created_at", "category", "resolved_at", "survey_score", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_month_figures", table_name="tickets")
    op.drop_index("ix_tickets_open_unassigned", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("topic_words_enc")
