"""extract_fields remembers its last results (a turn reads its message more than once): the
answer must be the same as reading afresh, the zone included (issue 11 item 3)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from nlp.extract import extract_fields

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_same_instant_in_another_zone_is_read_in_that_zone() -> None:
    instant = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)  # 01:00 on the 23rd there
    in_utc = extract_fields("昨天买的空调坏了", instant)
    in_shanghai = extract_fields("昨天买的空调坏了", instant.astimezone(SHANGHAI))
    assert in_utc.occurred_at is not None and in_shanghai.occurred_at is not None
    assert in_utc.occurred_at.date().isoformat() == "2026-11-21"
    assert in_shanghai.occurred_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-22"


def test_a_remembered_reading_equals_a_fresh_one() -> None:
    now = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    text = "我叫王芳，手机13812345678，昨天在朝阳门店买的空调坏了，要求退款"
    first = extract_fields(text, now)
    again = extract_fields(text, now)
    assert again == first
    assert (first.name, first.phone, first.product, first.remedy) == (
        "王芳",
        "13812345678",
        "空调",
        "refund",
    )
