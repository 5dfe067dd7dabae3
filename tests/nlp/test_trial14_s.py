"""Wishes newcomer trial 14 saw misread: a wish taken back after its word ("道歉不用了"), one
taken back in ("还是要赔偿的"), a wish of one kind in two words ("退卡退钱"), the remedy word
as what the story is about ("理赔拖了两个多月"), wishes dropped beside others (more money
"再赔点", a thing cancelled or closed object-first "把卡注销", "a month free"), and a manager
asked to act in a wish taken for whom the complaint is about."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        ("我要退卡退钱 还要赔偿", (("refund", "退卡退钱"), ("compensation", "赔偿"))),
        ("退款 再赔点", (("refund", "退款"), ("compensation", "赔点"))),
        (
            "把多扣的钱退给我 然后把那个业务取消",
            (("refund", "把多扣的钱退给我"), ("other", "把那个业务取消")),
        ),
        ("我要求退回年费 然后把卡注销", (("refund", "退回年费"), ("other", "把卡注销"))),
        ("退钱 注销账户", (("refund", "退钱"), ("other", "注销账户"))),
        (
            "fix it asap and give me a month free",
            (("repair", "fix it"), ("compensation", "a month free")),
        ),
        ("a refund and a free month", (("refund", "refund"), ("compensation", "a free month"))),
        ("修好 再免一个月费用", (("repair", "修好"), ("compensation", "免一个月费用"))),
        ("i just want a refund tbh", (("refund", "refund"),)),
    ],
)
def test_every_wish_is_read(text: str, remedies: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == remedies


@pytest.mark.parametrize(
    "text",
    [
        "平安保险理赔拖了两个多月了",
        "医疗险报销材料9月就交齐了",
        "退款一直没到账",
        "赔偿迟迟不给",
        "套餐被取消了",
        "卡被注销了",
        "it was free for a month",
    ],
)
def test_what_happened_is_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


def test_a_wish_turned_down_after_its_word_is_taken_back() -> None:
    found = extract_fields("算了 道歉不用了 退钱就行", NOW)
    assert found.remedies == (("refund", "退钱就行"),)
    assert found.remedies_refused == ("apology",)
    assert found.remedies_only


def test_still_wanting_a_wish_adds_it() -> None:
    found = extract_fields("等等 还是要赔偿的 他们耽误我三个月", NOW)
    assert found.remedies == (("compensation", "赔偿"),)
    assert found.remedy_added
    # turning down what is known first makes it the one wanted instead
    assert not extract_fields("不不 还是要全额退", NOW).remedy_added


@pytest.mark.parametrize(
    ("text", "staff"),
    [
        ("我要退卡退钱 还要赔偿 另外让店长道歉", None),
        ("叫你们经理出来给个说法", None),
        ("店长态度很差 让店长道歉", "店长"),  # complained about, then asked
        ("让那个服务员道歉", "服务员"),  # who did it apologises
    ],
)
def test_a_manager_asked_to_act_is_no_object(text: str, staff: str | None) -> None:
    assert extract_fields(text, NOW).staff == staff
