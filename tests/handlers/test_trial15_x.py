"""Newcomer trial 15 (helper X): no dead ends in the intake. An unknown or rough time is
recorded as such; a refused question says its way out; a cancelled draft can be restored
for a while, from the conversation's data only; a licence plate is read whole."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app import App
from handlers.answer_fields import unknown_time
from handlers.intake import RESTORE_MINUTES
from nlp.extract import extract_fields
from nlp.extract_refs import find_order, find_plate
from tests.handlers.test_statement_counts import counted
from tests.support import FakeClock, Person, tickets

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("不记得了", "unknown", "不记得了"),
        ("记不清了", "unknown", "记不清了"),
        ("暂无", "unknown", "暂无"),
        ("跳过", "unknown", "跳过"),
        ("not sure", "unknown", "not sure"),
        ("I don't remember", "unknown", "I don't remember"),
        ("记不清了 反正就是前段时间", "approx", "前段时间"),
        ("前阵子吧", "approx", "前阵子"),
        ("大概去年", "approx", "去年"),
        ("a while ago", "approx", "a while ago"),
    ],
)
def test_an_unknown_or_rough_time_is_read_as_such(text: str, kind: str, words: str) -> None:
    assert unknown_time(text) == (kind, words)


@pytest.mark.parametrize(
    "text",
    [
        "1",
        "qiantian",
        "好了",  # a none-word of the evidence step, not "no time"
        "我也不知道他为什么把包裹扔在门口不送上楼来",  # a sentence of the story
    ],
)
def test_other_answers_are_no_unknown_time(text: str) -> None:
    assert unknown_time(text) is None


@pytest.mark.parametrize(
    ("text", "plate"),
    [("车牌京B12345", "京B12345"), ("粤B·D12345", "粤BD12345"), ("沪a 12345", "沪A12345")],
)
def test_a_licence_plate_is_read_whole(text: str, plate: str) -> None:
    assert find_plate(text)[0] == plate


def test_a_plate_is_no_flight_number_and_joins_its_driver() -> None:
    found = extract_fields("滴滴司机 车牌京B12345", NOW)
    assert found.order_no is None and found.staff == "司机（车牌京B12345）"
    assert find_order("航班CA1234延误")[0] == "CA1234"  # flights as before


async def test_a_cancelled_draft_comes_back_without_a_statement_more(app: App) -> None:
    customer = Person(app, "undo")
    await customer.say("我要投诉滴滴司机绕路，本来30块的路程收了我68")
    await customer.say("今天早上8点多，从望京到国贸")
    assert "恢复" in await customer.say("算了算了 不投诉了")
    with counted(app) as restored:
        answer = await customer.say("等等 还是投诉吧")
    assert "已恢复" in answer and "怎么处理" in answer
    with counted(app) as asked:
        await customer.say("退差价")
    # Restoring reads the conversation's data only: no more statements than an answer.
    assert len(restored) <= len(asked)


async def test_the_cancelled_draft_expires(app: App, clock: FakeClock) -> None:
    customer = Person(app, "late")
    await customer.say("我要投诉滴滴司机绕路，本来30块的路程收了我68")
    await customer.say("取消")
    clock.advance(minutes=RESTORE_MINUTES + 1)
    assert "已恢复" not in await customer.say("还是投诉吧")


async def test_a_time_not_known_is_filed_as_words_without_a_date(app: App) -> None:
    customer = Person(app, "unknown")
    await customer.say("我叫王芳，手机13812345678。你们朝阳门店的店员态度很差，要求道歉")
    assert "不详（不记得了）" in await customer.say("不记得了")
    answer = await customer.say("暂无")
    assert "时间：不详（不记得了）" in answer
    letter = await customer.say("确认")
    assert "发生时间：不详（不记得了）" in letter
    [ticket] = await tickets(app)
    assert ticket.occurred_at is None and ticket.occurred_text == "不详（不记得了）"
