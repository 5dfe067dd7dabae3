"""Re-trial of trials 17 and 18 on the merged code (trial 19): what the merges broke."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.fields import row
from handlers.texts import Texts
from storage.models import Ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _letter_time(said: str, occurred: datetime, filed: datetime) -> str:
    ticket = Ticket(
        number="CP20261210001",
        channel="console",
        user_id="u",
        occurred_at=occurred,
        occurred_text=said,
        created_at=filed,
    )
    return row("time").in_letter(ticket, None, Texts("zh-CN"), SHANGHAI)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "filed_day", "shown"),
    [
        # "这个月" filed on the 10th covers the 1st to the 10th, not the days still to come
        # (trial 19: "2026-12-01 至 2026-12-31" in a letter written on the 1st).
        ("这个月", 10, "2026-12-01 至 2026-12-10（这个月）"),
        ("这个月", 1, "2026-12-01（这个月）"),
        # A month gone by keeps its whole span.
        ("上个月", 10, "2026-11-01 至 2026-11-30（上个月）"),
    ],
)
def test_a_spanned_time_ends_on_the_filing_day(said: str, filed_day: int, shown: str) -> None:
    month = 11 if said == "上个月" else 12
    occurred = datetime(2026, month, 1, 4, 0, tzinfo=UTC)
    filed = datetime(2026, 12, filed_day, 4, 0, tzinfo=UTC)
    assert _letter_time(said, occurred, filed) == shown
