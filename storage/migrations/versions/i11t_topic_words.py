"""tickets.topic_words_enc: each complaint's topic words kept at filing; two indexes for
/stats, the month's figures and the open unassigned tickets; the SLA scan's reminder
indexes without the reminded clocks (issue 11 item 4)

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


WATCHED = "status IN ('accepted', 'verifying', 'processing', 'reopened')"
CLOCKS = (
    ("first", "first_response_due", "first_responded_at"),
    ("resolution", "resolution_due", "resolved_at"),
)


def live(due: str, stop: str, mark: str) -> str:
    return (
        f"{WATCHED} AND {stop} IS NULL AND {due} IS NOT NULL AND clock_start_at IS NOT NULL"
        f" AND coalesce(breached, '') NOT LIKE '%{mark}%'"
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
    # The reminder candidates: running, unbreached and not yet reminded clocks by start. The
    # i11s indexes kept the reminded ones too, which every scan then read and dropped.
    for clock, due, stop in CLOCKS:
        predicate = f"{live(due, stop, clock)} AND coalesce(reminded, '') NOT LIKE '%{clock}%'"
        op.create_index(
            f"ix_tickets_sla_{clock}_remind",
            "tickets",
            ["clock_start_at"],
            unique=False,
            postgresql_where=sa.text(predicate),
            sqlite_where=sa.text(predicate),
        )
        op.drop_index(f"ix_tickets_sla_{clock}_start", table_name="tickets")
    op.create_index(
        "ix_tickets_month_figures",
        "tickets",
        ["created_at", "category", "resolved_at", "survey_score", "id"],
        unique=False,
    )


def downgrade() -> None:
    for clock, due, stop in CLOCKS:
        predicate = live(due, stop, clock)
        op.create_index(
            f"ix_tickets_sla_{clock}_start",
            "tickets",
            ["clock_start_at"],
            unique=False,
            postgresql_where=sa.text(predicate),
            sqlite_where=sa.text(predicate),
        )
        op.drop_index(f"ix_tickets_sla_{clock}_remind", table_name="tickets")
    op.drop_index("ix_tickets_month_figures", table_name="tickets")
    op.drop_index("ix_tickets_open_unassigned", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("topic_words_enc")
