"""Newcomer trial 24 (helper dk): the words that speak of a rejection, read narrowly."""

from __future__ import annotations

import pytest

from bot.app import App
from handlers.rejected_ticket import speaks_of_rejection
from tests.handlers.lifecycle_support import add_agent, file_complaint
from tests.support import Person


@pytest.mark.parametrize(
    "text",
    [
        "怎么回事 为什么驳回我的投诉？？",
        "為什麼駁回我的投訴",
        "凭什么不予受理",
        "你们为啥不受理",
        "why was my complaint rejected?",
        "Why did you REJECT it",
        "拒绝受理是什么意思",
    ],
)
def test_rejection_words(text: str) -> None:
    assert speaks_of_rejection(text)


@pytest.mark.parametrize(
    "text",
    [
        "我的快递到现在还没到",
        "我那个地板的事怎么样了",
        "what happened to my complaint about the floor",
        "the shop projected the wrong price",
        "店员拒绝给我退货",
    ],
)
def test_other_words(text: str) -> None:
    assert not speaks_of_rejection(text)


STORY = (
    "我叫王芳，手机13812345678。昨天在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
OTHER = "我叫李雷，手机13912345678。昨天住你们如家酒店，床单很脏有头发，前台态度还很差，要求退房费"


async def test_another_customers_number_after_a_rejection(app: App) -> None:
    """A number that is another customer's is "not found", never told apart from none, and
    the message still reaches the customer's own rejected ticket."""
    await add_agent(app, "a1", "张三", role="supervisor")
    agent = Person(app, "a1")
    mine = await file_complaint(app, "c1", STORY)
    theirs = await file_complaint(app, "c2", OTHER)
    assert "不予受理" in await agent.say(f"/reject {mine.number} 与 {theirs.number} 重复")
    customer = Person(app, "c1")
    answer = await customer.say(f"为啥驳回 {theirs.number}是什么 我查不到")
    assert f"没有找到您名下的工单 {theirs.number}" in answer
    assert "已记录到工单" in answer and mine.number in answer
    assert "投诉类别" not in answer and "发生了什么" not in answer
    later = await customer.say(f"{theirs.number} 是谁的")
    assert f"没有找到您名下的工单 {theirs.number}" in later
    assert "床单" not in later and "如家" not in later  # nothing of the other ticket leaks
