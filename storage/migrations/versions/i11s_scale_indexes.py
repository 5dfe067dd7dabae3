"""indexes for the agents' views and the scans, partial where they help (issue 11 item 4)

Revision ID: i11s
Revises: i10a
Create Date: 2026-11-30 11:37:20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i11s"
down_revision: str | None = "i10a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same predicates as storage/models.py declares (written out: a migration must not change
# when the models do).
OPEN = "status IN ('accepted', 'verifying', 'processing', 'awaiting_customer', 'reopened')"
WATCHED = "status IN ('accepted', 'verifying', 'processing', 'reopened')"
FIRST_PENDING = "first_responded_at IS NULL AND first_response_due IS NOT NULL"


def live(due: str, stop: str, mark: str) -> str:
    return (
        f"{WATCHED} AND {stop} IS NULL AND {due} IS NOT NULL AND clock_start_at IS NOT NULL"
        f" AND coalesce(breached, '') NOT LIKE '%{mark}%'"
    )


INDEXES: tuple[tuple[str, list[str], str], ...] = (
    ("ix_tickets_open_first_due", ["first_response_due", "id", "assignee_id"], f"{OPEN} AND {FIRST_PENDING}"),
    (
        "ix_tickets_open_resolution_due",
        ["resolution_due", "id", "assignee_id"],
        f"{OPEN} AND NOT ({FIRST_PENDING})",
    ),
    (
        "ix_tickets_sla_first_due",
        ["first_response_due"],
        live("first_response_due", "first_responded_at", "first"),
    ),
    (
        "ix_tickets_sla_first_start",
        ["clock_start_at"],
        live("first_response_due", "first_responded_at", "first"),
    ),
    (
        "ix_tickets_sla_resolution_due",
        ["resolution_due"],
        live("resolution_due", "resolved_at", "resolution"),
    ),
    (
        "ix_tickets_sla_resolution_start",
        ["clock_start_at"],
        live("resolution_due", "resolved_at", "resolution"),
    ),
    (
        "ix_tickets_survey_pending",
        ["survey_due_at"],
        "status = 'resolved' AND survey_sent_at IS NULL",
    ),
    ("ix_tickets_survey_sent", ["survey_sent_at"], "status = 'resolved'"),
)


def upgrade() -> None:
    for name, columns, predicate in INDEXES:
        op.create_index(
            name,
            "tickets",
            columns,
            unique=False,
            postgresql_where=sa.text(predicate),
            sqlite_where=sa.text(predicate),
        )


def downgrade() -> None:
    for name, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name="tickets")
