"""/stats counts concluded tickets (resolved or rejected) from the month's index alone

`ix_tickets_month_figures` gains `closed_at`: a rejection (不予受理) concludes a ticket
with `closed_at` and no `resolved_at`, and /stats' 办结 now counts it as the monthly
report's 办结 does (newcomer trial 10), still in one index-only pass.

Revision ID: t10s
Revises: i14w
Create Date: 2026-12-01 06:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "t10s"
down_revision: str | None = "i14w"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ["created_at", "category", "resolved_at", "survey_score", "id"]
AFTER = ["created_at", "category", "resolved_at", "closed_at", "survey_score", "id"]


def upgrade() -> None:
    op.drop_index("ix_tickets_month_figures", table_name="tickets")
    op.create_index("ix_tickets_month_figures", "tickets", AFTER, unique=False)


def downgrade() -> None:
    op.drop_index("ix_tickets_month_figures", table_name="tickets")
    op.create_index("ix_tickets_month_figures", "tickets", BEFORE, unique=False)
