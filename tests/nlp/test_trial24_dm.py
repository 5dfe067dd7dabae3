"""Newcomer trial 24 (helper dm): a delivery's time is a step before the fault, not its time;
"刚才在开会" is why the reply came late, not when it happened."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields

NOW = datetime(2026, 12, 2, 10)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("不对，是上周三收到的货，上周五开始糊的", "上周五"),
        ("上週三收到的貨，上週五開始糊的", "上週五"),
        ("11月3号到的货，11月5号就坏了", "11月5号"),
        ("上周三下单 到现在还没到货", "上周三"),  # no delivery: the order's day stays
    ],
)
def test_fault_time_not_delivery(text: str, when: str) -> None:
    assert when in (extract_fields(text, NOW).occurred_text or "")


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("不好意思刚才在开会 是昨天晚上的事", "昨天晚上"),
        ("不好意思剛才在開會 是昨天晚上的事", "昨天晚上"),
        ("刚刚在忙 前天下午发生的", "前天下午"),
        ("刚才没看到 是上周五的事", "上周五"),
        ("刚才在开车 被你们的车刮了", "刚才"),  # the only time: 刚才 is when it happened
        ("刚才外卖送到了 汤全洒了", "刚才"),
    ],
)
def test_busy_just_now_is_no_time(text: str, when: str) -> None:
    assert (extract_fields(text, NOW).occurred_text or "") == when
