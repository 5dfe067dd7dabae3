"""Newcomer trial 24 (helper da): a reply to a proposal asking it on another day, amount or
way is a counter-offer (handlers/followup.py:changes_terms); plain yes and no are not."""

from __future__ import annotations

import pytest

from handlers.followup import changes_terms

VISIT = "周六上午上门为您更换新机"
SUM = "补偿您100元"
VOUCHER = "补偿您50元优惠券"
REFUND = "为您办理全额退款，3个工作日内到账"


@pytest.mark.parametrize(
    ("words", "proposed"),
    [
        ("周六不行 周日可以吗", VISIT),
        ("下周可以吗", VISIT),
        ("能不能改到明天", VISIT),
        ("週六不行 週日可以嗎", VISIT),
        ("周六没空 改周日吧", VISIT),
        ("3号可以吗", VISIT),
        ("can we do Monday instead", VISIT),
        ("Saturday doesn't work, how about Sunday?", VISIT),
        ("退一半可以吗", SUM),
        ("50% instead?", SUM),
        ("给200行不行", SUM),
        ("不要券 直接退钱行吗", VOUCHER),
        ("换货可以 不要退款", REFUND),
    ],
)
def test_other_terms_are_a_counter_offer(words: str, proposed: str) -> None:
    assert changes_terms(words, proposed)


@pytest.mark.parametrize(
    ("words", "proposed"),
    [
        ("不行 我要全额退款", VISIT),
        ("周六不行", VISIT),
        ("不接受", VISIT),
        ("可以", VISIT),
        ("可以 周日上午来吧 下午我不在家", "周日上午上门为您更换新机"),
        ("行吧 可以接受，明天上午来哈 下午我不在家", VISIT),
        ("可以吧 但是啥时候送新的来 周末我不在家", VISIT),
        ("行 那多久到账？", "退款100元"),
        ("好的 明天几点来", VISIT),
        ("100元可以吗", SUM),
        ("周六上午可以吗", VISIT),
        ("能不能快点 都3天了", VISIT),
        ("订单号2024042800123 能不能快点", VISIT),
    ],
)
def test_plain_answers_are_no_counter_offer(words: str, proposed: str) -> None:
    assert not changes_terms(words, proposed)
