"""Newcomer trial 17, helper g: take-backs of any shape inside one message, remedy words inside
nouns, homophone typos folded for reading, named sums, and the evidence step's yes- and
none-words (see the dialogues in tests/dialogues/data/trial17_g.toml)."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.account_lead import without_introduction
from handlers.answer_words import names_a_sum
from handlers.evidence_words import goes_on, says_none
from nlp.extract import extract_fields
from nlp.extract_text import normalise
from nlp.intent import take_back
from tests.support import TZ

NOW = datetime(2026, 12, 1, 17, 40, tzinfo=TZ)


@pytest.mark.parametrize(
    ("said", "column", "value"),
    [
        # Codes that open with letters: the code after the take-back wins.
        ("维修单号是WX20261128033 不对 是WX20261128038", "order_no", "WX20261128038"),
        ("订单号 TB20261120555 不对 是TB20261120556 质量太差了", "order_no", "TB20261120556"),
        # Take-backs said the way people talk, the slip named before or after the new value.
        ("上个月28号扣的 哦 是27号 我看错了", "occurred_text", "上个月27号"),
        ("上周三买的 哦 是上周四 记错了", "occurred_text", "上周四"),
        ("11月20号 啊不 21号", "occurred_text", "11月21号"),
        ("订单号305512 应该是305521", "order_no", "305521"),
        ("手机号13800001111 哦不 13800001112", "phone", "13800001112"),
        ("电话13711112222 打错了 是13711112223", "phone", "13711112223"),
    ],
)
def test_the_value_after_a_take_back_wins(said: str, column: str, value: str) -> None:
    assert getattr(extract_fields(said, NOW), column) == value


@pytest.mark.parametrize(
    "said",
    ["我觉得应该是质量问题", "哦是这样的 我买了个手机", "订单号是305512", "上周三买的"],
)
def test_no_take_back_where_nothing_is_taken_back(said: str) -> None:
    assert take_back(said) is None


@pytest.mark.parametrize(
    "said",
    [
        "维修单号是WX20261128033",
        "退款单号是 R88990 还没处理",
        "换货单 12345",
        "退货单号 889",
        "退款申请号 R123 一直没动静",
        "退款记录查不到",
        "赔偿金额还没到",
        "维修点在哪",
    ],
)
def test_a_remedy_word_inside_a_noun_is_no_wish(said: str) -> None:
    assert extract_fields(said, NOW).remedies == ()


@pytest.mark.parametrize(
    ("said", "kinds"),
    [
        ("要求退款 退款单号是R123", ["refund"]),
        ("维修", ["repair"]),
        ("要求赔偿金额5000", ["compensation"]),
        ("退货退款", ["refund"]),
    ],
)
def test_wishes_beside_or_before_such_nouns_are_kept(said: str, kinds: list[str]) -> None:
    assert [key for key, _ in extract_fields(said, NOW).remedies] == kinds


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("我要头诉", "我要投诉"),
        ("我要他跟我陪礼到歉", "我要他跟我赔礼道歉"),
        ("还要陪我医药费", "还要赔我医药费"),
        ("没有照骗", "没有照片"),
        ("给我推款", "给我退款"),
    ],
)
def test_homophone_typos_are_read_as_the_word_meant(typed: str, meant: str) -> None:
    assert normalise(typed) == meant


@pytest.mark.parametrize("said", ["他陪我去医院", "头发掉了", "到了才发现", "推了我一把"])
def test_right_uses_of_the_typo_characters_stay(said: str) -> None:
    assert normalise(said) == said


def test_typos_split_the_wishes() -> None:
    kinds = [k for k, _ in extract_fields("我要他跟我陪礼到歉 还要陪我医药费", NOW).remedies]
    assert kinds == ["apology", "compensation"]


def test_a_typo_complaint_opener_and_a_phone_hello_are_skipped() -> None:
    story = without_introduction("喂喂 你好 我要头诉 你们那个物业公司的保安 推了我", [])
    assert story.startswith("你们那个物业公司的保安")


@pytest.mark.parametrize("said", ["年费 360", "被扣了一笔年费 360", "月租50", "押金是200"])
def test_a_sum_named_by_its_fee(said: str) -> None:
    assert names_a_sum(said)


@pytest.mark.parametrize("said", ["年费", "12月28号", "就一点点", "去年买的"])
def test_no_sum_without_a_number_or_a_fee(said: str) -> None:
    assert not names_a_sum(said)


@pytest.mark.parametrize("said", ["对的 提交", "好了", "没问题 提交吧", "可以了", "是的"])
def test_yes_words_go_on_from_the_evidence_question(said: str) -> None:
    assert goes_on(said)


@pytest.mark.parametrize("said", ["有照片", "对方不对", "提交什么", "没有照片 但是他推我了"])
def test_other_words_do_not_go_on(said: str) -> None:
    assert not goes_on(said)


@pytest.mark.parametrize(
    "said", ["没有 没有照片 就是我自己", "没有照片 只有我一个人", "没有 没人拍"]
)
def test_none_said_twice_or_with_only_their_own_word(said: str) -> None:
    assert says_none(said)


def test_a_none_with_a_story_is_not_only_none() -> None:
    assert not says_none("没有照片 保安推了我一把还骂人")
