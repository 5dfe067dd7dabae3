"""The summary starts where the story starts (newcomer trial 11).

A complaint opened with a greeting and the customer's name and phone spent the agents'
60-character summary on them ("摘要：my name is David Li, phone 13800138000. I'm on…"),
though the name and contact have fields of their own.
"""

from __future__ import annotations

import pytest

from bot.app import App
from handlers.account_lead import clip, without_introduction
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.support import Person


@pytest.mark.parametrize(
    ("account", "known", "story"),
    [
        (
            "你好，我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了",
            ("王芳", "13812345678", None),
            "4月28日在你们朝阳门店买的空调，收到就坏了",
        ),
        (
            "my name is David Li, phone 13800138000. I'm on your 5G home plan and it drops",
            ("David Li", "13800138000", None),
            "I'm on your 5G home plan and it drops",
        ),
        # Spaces part Chinese clauses; a phone typed in groups is still a phone.
        (
            "您好 我姓林 电话 135 6666 7777 上周在你们店剪头发被剪坏了",
            ("林", None, None),
            "上周在你们店剪头发被剪坏了",
        ),
        (
            "Hi, this is Tom (tom.b@mail.com). The order never came.",
            ("Tom", None, "tom.b@mail.com"),
            "The order never came.",
        ),
        (
            "hi im Jake 13900001111 my parcel is lost",
            ("Jake", "13900001111", None),
            "my parcel is lost",
        ),
        ("我是王芳 我买的空调坏了", ("王芳", None, None), "我买的空调坏了"),
        # The words announcing a complaint (newcomer trial 12: the letter's line spent itself
        # on "I want to complain about…").
        ("我要投诉，外卖送错了", (None, None, None), "外卖送错了"),
        # A greeting run into the first clause (newcomer trial 13).
        ("hi my new phone stopped working", (None, None, None), "my new phone stopped working"),
        ("物业你好 电梯坏了一个星期", (None, None, None), "电梯坏了一个星期"),
        ("hidden fees everywhere", (None, None, None), "hidden fees everywhere"),
        ("我要投诉你们的快递员，态度太差", (None, None, None), "快递员，态度太差"),
        (
            "I want to complain about an order, the headphones are dead on the left",
            (None, None, None),
            "an order, the headphones are dead on the left",
        ),
    ],
)
def test_the_introduction_is_skipped(
    account: str, known: tuple[str | None, ...], story: str
) -> None:
    assert without_introduction(account, known) == story


@pytest.mark.parametrize(
    ("account", "known"),
    [
        # Someone else's name is part of the story; so is the introduction said last.
        ("我是张三的妈妈，孩子在你们店摔了", ("李梅", None, None)),
        ("外卖等了两个小时才送到，我叫王芳", ("王芳", None, None)),
        ("订单2024042800123 空调坏了", (None, None, None)),
        ("我想要一个说法，你们乱扣费", (None, None, None)),
        ("投诉", (None, None, None)),
        # Nothing but an introduction: the account stays whole rather than empty.
        ("王芳 13812345678", ("王芳", "13812345678", None)),
    ],
)
def test_a_story_is_kept_whole(account: str, known: tuple[str | None, ...]) -> None:
    assert without_introduction(account, known) == account


async def test_the_agents_card_shows_the_story_not_the_introduction(app: App) -> None:
    await add_agent(app, "a1", "张三")
    customer = Person(app, "intro")
    await customer.say(
        "你好，我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，要求退货"
    )
    for reply in ("暂无", "1"):  # no evidence; then the summary is confirmed
        await customer.say(reply)
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    [card] = [m for m in inboxes.of("a1") if "新工单" in m]
    assert "摘要：4月28日在你们朝阳门店买的空调" in card and "我叫" not in card


async def test_the_letter_restates_the_story_not_the_introduction(app: App) -> None:
    customer = Person(app, "letter")
    await customer.say(
        "你好，我叫王芳，手机13812345678。我要投诉，4月28日买的空调收到就坏了，要求退货"
    )
    for reply in ("朝阳门店", "暂无"):
        if "请核对" not in customer.last.text:
            await customer.say(reply)
    letter = await customer.say("1")
    assert any(line.startswith("投诉经过：4月28日买的空调") for line in letter.splitlines())


def test_a_cut_never_falls_inside_an_english_word() -> None:
    """Newcomer trial 13: the letter read "…stopped working after 3 d…"."""
    text = "my new phone stopped working after 3 days of normal use"
    assert clip(text, 40) == "my new phone stopped working after 3…"
    assert clip("外卖等了两个小时才送到还是凉的", 8) == "外卖等了两个小…"
    assert clip("short", 40) == "short"
