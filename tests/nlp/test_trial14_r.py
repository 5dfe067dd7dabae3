"""Newcomer trial 14, helper R: a value taken back inside one message and said again bare
(nlp/extract.py:_spliced), and times (see the dialogues in tests/dialogues/data/trial14_r.toml)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 12, 1, 17, 40, tzinfo=TZ)


@pytest.mark.parametrize(
    ("said", "column", "value"),
    [
        (
            "我在京东买的小米扫地机器人 订单号是305512 不对 是305521 收到就不能充电",
            "order_no",
            "305521",
        ),
        ("订单号是305512 说错了 应该是305521", "order_no", "305521"),
        ("电话13711112222 不对 是13711112223", "phone", "13711112223"),
        ("要求退款299 不对 是399", "remedy_text", "退款399"),
        ("押金4500块 不对 是5400块", "amounts", (Decimal("5400"),)),
        ("11月20号 不对 是21号在朝阳店买的", "occurred_text", "11月21号"),
        ("在朝阳店 不对 是海淀店", "place", "海淀店"),
        ("上周三 不对 是上周四", "occurred_text", "上周四"),
    ],
)
def test_the_value_after_a_take_back_wins(said: str, column: str, value: object) -> None:
    assert getattr(extract_fields(said, NOW), column) == value


def test_a_phone_corrected_by_its_last_digits_is_no_bare_replacement() -> None:
    # "是2223" is the phone's tail (handlers/phone_tail.py), not a whole new number.
    assert extract_fields("电话13711112222 不对 是2223", NOW).phone == "13711112222"
