"""Trial 20 (helper u): references and times read wrongly.

- A correction whose label stands apart from the number ("订单号写错了，应该是 DD…", "单号不对
  是…", "刚才那个订单号少打了一位：…", "the order number should be 55321") gives the number.
- One reader of labelled references (nlp/extract_refs.py:find_references) serves the
  account (handlers/story.py) and the place question (handlers/answer_fields.py).
- 几 meaning "a few" is no question word ("国庆后那几天", "没几天就坏了", "几天前").
- "the start of the month" without this/last is this month's, as "月初" is.
- A month, week or year naming a thing ("这个月的话费") gives way to another time said in the
  same message ("十一月二十号扣的").

Guards of unchanged behaviour are marked "guard" in their ids or names.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from nlp.extract import extract_fields
from nlp.extract_refs import find_references
from nlp.intent import is_question
from tests.conftest import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)  # a Sunday


# --- a correction whose label stands apart from the number -------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("订单号写错了，应该是 DD20261105778", "DD20261105778"),
        ("单号不对 是SF1234567890", "SF1234567890"),
        ("刚才那个订单号少打了一位：DD20261105778", "DD20261105778"),
        ("the order number should be 55321", "55321"),
        ("订单号打错了 是JD88123457", "JD88123457"),
        ("快递单号填错了，正确的是YT9988776655", "YT9988776655"),
        ("运单号有误 应为SF1234567890", "SF1234567890"),
        ("订单号多打了一位 应该是2024042800123", "2024042800123"),
        ("order number is wrong, it's JD88123457", "JD88123457"),
        ("sorry the order no. was a typo, should be 77120", "77120"),
        ("订单号是305512 不对 是305521", "305521"),  # guard: the take-back said bare
        ("订单号：JD88123456", "JD88123456"),  # guard
        ("order 5566 from your Taobao shop", "5566"),  # guard
    ],
)
def test_an_order_number_said_after_its_label_was_taken_back(text: str, number: str) -> None:
    assert extract_fields(text, NOW).order_no == number


@pytest.mark.parametrize(
    "text",
    [
        "订单不对 我买的是黑色的",  # no number: the order is wrong, nothing to read
        "订单号错了",  # the number will follow in the next message
        "订单号少打了一位",
        "订单2000元",  # guard: a sum
        "the order was wrong, I paid 300 for it",
    ],
)
def test_no_order_number_without_a_code_after_the_slip(text: str) -> None:
    assert extract_fields(text, NOW).order_no is None


def test_刚才_inside_the_slip_is_no_time() -> None:
    found = extract_fields("刚才那个订单号少打了一位：DD20261105778", NOW)
    assert found.order_no == "DD20261105778"
    assert found.occurred_at is None


def test_刚才_said_as_when_is_still_a_time() -> None:  # guard
    assert extract_fields("刚才打电话没人接", NOW).occurred_text == "刚才"


# --- one reader of labelled references ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "code"),
    [
        ("报案号 BA2026111500321", "报案号", "BA2026111500321"),
        ("保单号：P8812345", "保单号", "P8812345"),
        ("claim number CL-55120", "claim number", "CL-55120"),
        ("case ref 88123", "case ref", "88123"),
        ("理赔单号是LP20261101", "理赔单号", "LP20261101"),
        ("发票号码为 04412345", "发票号码", "04412345"),
        ("报案号写错了，应该是BA2026111500322", "报案号", "BA2026111500322"),
        ("the claim number should be CL-55121", "claim number", "CL-55121"),
    ],
)
def test_a_known_reference_is_read_with_its_label(text: str, label: str, code: str) -> None:
    refs = [r for r in find_references(text) if r.known]
    assert [(r.label, r.code) for r in refs] == [(label, code)]


@pytest.mark.parametrize(
    "text",
    [
        "号码就是我这个",  # pointed at: the number they write from
        "房间号8808",  # a number's label, no reference kind
        "会员号是VIP20230088",
        "报案号 BA2026111500321",
    ],
)
def test_any_labelled_number_or_one_pointed_at_is_a_reference(text: str) -> None:
    assert find_references(text)


@pytest.mark.parametrize(
    "text",
    [
        "万象城地下停车场",  # guard: a place
        "3号楼",  # guard: a building, the number before its 号
        "人民路5号",  # guard: a house number
        "报案号还没给我",  # a label with no code
        "二号线 国贸站",  # guard
    ],
)
def test_no_reference_without_a_code_after_a_label(text: str) -> None:
    assert not find_references(text)


def test_an_unknown_label_is_not_a_known_reference() -> None:
    assert not any(r.known for r in find_references("房间号8808"))
    assert [r.code for r in find_references("号码就是我这个")] == [None]


# --- 几 meaning "a few" ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "国庆后那几天",
        "这几天一直停水",
        "前几天在你们店买的",
        "等了好几天",
        "没几天就坏了",
        "买了没几天",
        "几天前就坏了",
        "用了几天就坏了",
        "才几天就坏",
        "几天后又坏了",
        "近几天网一直断",
        "最后几天没人管",
        "过几天再说",
        "十一那几天",
    ],
)
def test_几_for_a_few_asks_nothing(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "退款要几天",  # guard
        "几天能到",  # guard
        "还要等几天",
        "需要几天才能处理",
        "你们几点开门",  # guard
        "这几天能不能给我回个电话",  # guard: asks by 能不能
    ],
)
def test_几_asking_how_many_is_still_a_question(text: str) -> None:
    assert is_question(text)


# --- "the start of the month" is this month's ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("the start of the month my bill doubled", date(2026, 11, 1)),
        ("at the beginning of the month they charged me twice", date(2026, 11, 1)),
        ("it started mid-month", date(2026, 11, 15)),
        ("around the end of the month the app stopped working", date(2026, 11, 21)),
        ("early this month", date(2026, 11, 1)),  # guard
        ("the end of last month", date(2026, 10, 21)),  # guard
        ("early October", date(2026, 10, 1)),  # guard
    ],
)
def test_a_part_of_the_month_without_this_or_last_is_this_months(text: str, day: date) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_at.date() == day


def test_the_end_of_the_month_not_begun_is_last_months() -> None:
    tenth = datetime(2026, 11, 10, 12, 0, tzinfo=TZ)
    found = extract_fields("the end of the month", tenth)
    assert found.occurred_at is not None and found.occurred_at.date() == date(2026, 10, 21)


# --- a time naming a thing gives way to the incident's date ------------------------------


@pytest.mark.parametrize(
    ("text", "day", "words"),
    [
        ("这个月的话费多扣了50块 十一月二十号扣的", date(2026, 11, 20), "十一月二十号"),
        ("这个月的话费11月20号多扣了", date(2026, 11, 20), "11月20号"),
        ("上个月的账单有问题 11月3号扣了两次", date(2026, 11, 3), "11月3号"),
        ("本月的流量 昨天突然就没了", date(2026, 11, 21), "昨天"),
        ("上周的课 周四那节老师没来", date(2026, 11, 19), "周四"),
        ("this month's bill was charged twice on Nov 20", date(2026, 11, 20), "Nov 20"),
        ("十一月二十号扣了这个月的话费", date(2026, 11, 20), "十一月二十号"),  # guard
        ("这个月的话费多扣了50块", date(2026, 11, 1), "这个月"),  # guard: no other time
        ("上个月十五号买的 今天早上冒烟了", date(2026, 11, 22), "今天早上"),  # guard
    ],
)
def test_a_period_naming_a_thing_gives_way_to_another_time(
    text: str, day: date, words: str
) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_at.date() == day
    assert found.occurred_text == words
