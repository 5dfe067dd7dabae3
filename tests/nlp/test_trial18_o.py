"""Newcomer trial 18 (helper o): numbers that reach a service are no sums of money."""

from __future__ import annotations

import pytest

from nlp.severity_rules import amounts, urgent_reasons


@pytest.mark.parametrize(
    "text",
    [
        "不退我就去12315投诉",  # the consumer hotline, after a refund word
        "再不退钱我就打12345",  # the city hotline, called
        "退款的事我打了95588也没用",  # a bank's line, called
        "not refunded, I'll call 12315",
        "理赔款报案号BA20261115 一直不退",  # a part of a code
    ],
)
def test_a_number_to_call_or_a_code_is_no_sum(text: str) -> None:
    assert not any(value >= 10_000 for value in amounts(text))
    assert not any("大额损失" in reason for reason in urgent_reasons(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("打了95588 退款30000还没到", 30_000.0),  # the sum beside the called line stays
        ("被骗了12315元", 12_315.0),  # with its unit a hotline-shaped number is money
        ("损失10000", 10_000.0),
    ],
)
def test_a_sum_beside_a_service_number_is_still_read(text: str, value: float) -> None:
    assert value in amounts(text)
