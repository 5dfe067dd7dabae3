"""Which messages are status queries (handlers/words.py:is_status_query), whatever the number."""

from __future__ import annotations

import pytest

from bot.app import App
from handlers.words import is_status_query
from tests.support import Person


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


async def test_a_number_not_theirs_is_answered_in_one_message(app: App) -> None:
    """ "Not found" and the customer's own overview come as one reply (newcomer trial: two
    messages, and on WeChat only one fits the passive reply)."""
    customer = Person(app, "c8")
    answer = await customer.say("CP20261130001")
    assert len(customer.heard) == 1
    assert "没有找到您名下的工单 CP20261130001" in answer and "您目前没有投诉工单" in answer
