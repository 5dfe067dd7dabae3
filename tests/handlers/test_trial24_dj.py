"""Newcomer trial 24 (helper dj): a yes that only declines the proposal's extra accepts
(handlers/followup.py:declines_extra); a yes to one part and a no to another
(partly_refused) and a yes on a condition the proposal does not hold (conditions_terms) are
counter-offers; plain yes and no, questions and details of the same terms are none of these."""

from __future__ import annotations

import pytest

from handlers.followup import conditions_terms, declines_extra, partly_refused

REFUND_VOUCHER = "全额退还订单金额128元，另赠20元无门槛券，骑手已由美团处理。"
REFUND_COUPON_EN = "Full refund of 128 yuan plus a 20 yuan coupon."
VOUCHER_ONLY = "补偿您50元优惠券"
REPAIR_FEE = "经核实，为您安排上门检修冰箱冷冻室，修不好给您换新；另外多收的150元搬运费原路退回。"
BRING_TO_STORE = "请您把风筒带到门店，我们当场为您退款。"
SUNDAY_VISIT = "周日上门为您更换新冰箱。"


@pytest.mark.parametrize(
    ("words", "proposed"),
    [
        ("行 那多久到账？券就不要了 我不会再点了", REFUND_VOUCHER),
        ("可以 优惠券不用了 钱什么时候退", REFUND_VOUCHER),
        ("接受 券唔使喇 幾時到帳？", REFUND_VOUCHER),
        ("好的，券就算了", REFUND_VOUCHER),
        ("fine, keep the coupon", REFUND_COUPON_EN),
        (
            "ok, coupon not needed. when will the refund arrive? I won't order again",
            REFUND_COUPON_EN,
        ),
    ],
)
def test_an_extra_declined_with_a_yes_accepts(words: str, proposed: str) -> None:
    assert declines_extra(words, proposed)


@pytest.mark.parametrize(
    ("words", "proposed"),
    [
        ("行吧 券我用不上 能不能直接多退20块钱", REFUND_VOUCHER),
        ("方案可以 但升级券我用不上 能换成现金吗", REFUND_VOUCHER),
        ("ok but I don't need the voucher, can you refund the cash", REFUND_VOUCHER),
        ("不行 券不要 我要赔偿", REFUND_VOUCHER),
        ("可以", REFUND_VOUCHER),
        ("行 券不要了", VOUCHER_ONLY),  # the extra is all there is
        ("可以 红包不要了", REFUND_VOUCHER),  # an extra the proposal does not hold
    ],
)
def test_no_plain_declined_extra(words: str, proposed: str) -> None:
    assert not declines_extra(words, proposed)


@pytest.mark.parametrize(
    "words",
    [
        "搬运费退我可以 但是修我不接受 都修过三次了 直接换新的",
        "退款同意，维修不同意，要换新",
        "搬運費退我冇問題 但係維修我唔接受 直接換新嘅",
        "the fee refund is fine but I don't accept another repair, just replace it",
    ],
)
def test_a_part_accepted_and_another_refused(words: str) -> None:
    assert partly_refused(words, REPAIR_FEE)


@pytest.mark.parametrize("words", ["不行，我要换新", "可以", "不接受 修了三次了", "可以 接受"])
def test_plain_answers_are_not_partly_refused(words: str) -> None:
    assert not partly_refused(words, REPAIR_FEE)


@pytest.mark.parametrize(
    "words",
    [
        "ok 但係要你哋上門收貨先得，我冇車",
        "可以 只要你们上门来取就行",
        "行 但是要你们派人来拿才行",
        "ok but only if you pick it up",
        "fine, on condition that you collect it from my home",
        "同意 前提是你们上门取件",
        "可以，但是要你们上门取",
    ],
)
def test_a_condition_the_proposal_lacks_changes_terms(words: str) -> None:
    assert conditions_terms(words, BRING_TO_STORE)


@pytest.mark.parametrize(
    ("words", "proposed"),
    [
        ("可以 但是要尽快", BRING_TO_STORE),
        ("可以 什么时候送来？", BRING_TO_STORE),
        ("可以 只要你们当场退款就行", BRING_TO_STORE),
        ("可以 只要周日上门就行", SUNDAY_VISIT),
        ("可以 周日上午来吧 下午我不在家", SUNDAY_VISIT),
        ("可以", BRING_TO_STORE),
    ],
)
def test_same_terms_or_no_condition(words: str, proposed: str) -> None:
    assert not conditions_terms(words, proposed)
