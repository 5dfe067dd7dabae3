"""Newcomer trial 22 (helper cb): the readers of what is said at the summary
(nlp/summary_cues.py): venting, another kind of trouble, the answer to "same complaint or
another one?", and a matter told at the same shop."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlp.extract import extract_fields
from nlp.summary_cues import at_same_shop, matter_answer, other_problem, problem_kinds, vents

CAKE = "昨天在你们朝阳门店买的蛋糕，回家发现发霉了，要求退款"
CAKE_EN = "Yesterday I bought a cake at your Chaoyang store and it was mouldy, I want a refund"


@pytest.mark.parametrize(
    "text",
    [
        "真没意思 这种店",
        "太气人了 以后再也不来了",
        "what a joke of a shop",
        "What a joke!!",
        "Ridiculous. Never coming back.",
        "垃圾店",
        "真是无语了",
        "这种店以后再也不来了!!",
        "太过分了吧",
        "unbelievable",
        "so disappointed honestly",
    ],
)
def test_cb_venting_is_read(text: str) -> None:
    assert vents(text)


@pytest.mark.parametrize(
    "text",
    [
        "太气人了 还要赔偿",  # a wish beside the anger
        "what a joke, I want my money back",
        "这种店能投诉吗",  # a question
        "气死了 多收了我20块",  # a fact (a sum)
        "蛋糕是昨天下午买的",
        "发霉的地方在底下",
        "确认",
        "1",
        "店员态度太差了 一直骂人",  # what happened, not only a feeling
    ],
)
def test_cb_no_venting(text: str) -> None:
    assert not vents(text)


@pytest.mark.parametrize(
    ("account", "text"),
    [
        (CAKE, "还有 结账的时候多收了我20块"),
        (CAKE, "另外结账的时候还多收了我20块钱"),
        (CAKE, "对了 那个店员态度也很差"),
        (CAKE_EN, "also they overcharged me at the till"),
        (CAKE_EN, "oh and the cashier was rude to me"),
    ],
)
def test_cb_another_kind_of_trouble(account: str, text: str) -> None:
    assert other_problem(account, text)


@pytest.mark.parametrize(
    ("account", "text"),
    [
        (CAKE, "蛋糕是昨天下午买的"),  # no trouble told
        (CAKE, "发霉的地方在底下"),  # the same trouble
        (CAKE, "还有 蛋糕上面也发霉了"),
        (CAKE_EN, "the mould is on the bottom"),
        ("收银员多收了我50块", "还有 上周也多收过一次"),
        ("东西有问题", "还有 结账的时候多收了我20块"),  # nothing to compare with: no question
    ],
)
def test_cb_same_kind_of_trouble(account: str, text: str) -> None:
    assert not other_problem(account, text)


def test_cb_kinds() -> None:
    assert problem_kinds("结账的时候多收了我20块") == {"charge"}
    assert problem_kinds("蛋糕是昨天下午买的") == frozenset()


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("同一件", "same"),
        ("同一件事 一起处理吧", "same"),
        ("same complaint", "same"),
        ("不是同一件", "separate"),
        ("单独登记吧", "separate"),
        ("分开投诉", "separate"),
        ("separate", "separate"),
        ("another one please", "separate"),
        ("嗯", None),
        ("确认", None),
    ],
)
def test_cb_matter_answer(text: str, answer: str | None) -> None:
    assert matter_answer(text) == answer


def test_cb_same_shop() -> None:
    assert at_same_shop("昨天结账的时候多收了我20块")
    assert at_same_shop("they overcharged me at the till")
    assert not at_same_shop("上个月莫名其妙扣了我298块话费")


NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", ["真没意思 这种店", "这种店以后再也不来了", "那种店"])
def test_cb_this_kind_of_shop_is_no_store(text: str) -> None:
    found = extract_fields(text, NOW)
    assert found.store is None and found.place is None


def test_cb_guard_a_pointed_branch_is_still_a_store() -> None:
    assert extract_fields("人民广场那家店", NOW).store == "人民广场店"
