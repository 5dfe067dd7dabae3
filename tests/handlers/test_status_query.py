"""Which messages are status queries (handlers/words.py:is_status_query), whatever the number."""

from __future__ import annotations

import pytest

from handlers.words import is_status_query


@pytest.mark.parametrize(
    "text",
    [
        "CP20261130008",
        "查询 CP20261130008",
        "查询cp20261130008",
        "CP20261130008 进度",
        "查询一下工单 CP20261130008",
        "查询CP20261130008进度",
        "我的工单 CP20261130008",
        "查询 8",
        "进度 12",
    ],
)
def test_status_queries(text: str) -> None:
    assert is_status_query(text)


@pytest.mark.parametrize(
    "text",
    [
        "4",  # a bare number: handlers/idle.py:bare_number
        "我的 2",
        "查询",  # a status word alone is STATUS_WORDS' business, not this
        "CP20261130008 还没退款",
        "查询 13812345678",  # a phone, not a ticket
        "我要投诉 CP20261130008 的店员",
    ],
)
def test_not_status_queries(text: str) -> None:
    assert not is_status_query(text)
