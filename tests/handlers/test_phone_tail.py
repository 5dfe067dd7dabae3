"""A phone corrected by its last digits (handlers/phone_tail.py)."""

from __future__ import annotations

import pytest

from handlers.phone_tail import corrected_tail

PHONE = "13912345678"


@pytest.mark.parametrize(
    ("text", "phone", "expected"),
    [
        ("电话打错了 最后是4321", PHONE, "13912344321"),
        ("手机尾号应该是4321", PHONE, "13912344321"),
        ("电话后四位是4321", PHONE, "13912344321"),
        ("号码最后四位 4321", PHONE, "13912344321"),
        ("电话最后一位是9", PHONE, "13912345679"),
        ("the last four digits of my number are 4321", PHONE, "13912344321"),
        ("my phone number ends in 4321", PHONE, "13912344321"),
        ("座机打错了 尾号是99", "010-6512 3456", "010-6512 3499"),
        # no word for the phone, another number named, the whole number, no phone known
        ("最后是4321", PHONE, None),
        ("订单号最后是4321", PHONE, None),
        ("电话最后是13912345678", PHONE, None),
        ("电话打错了 最后是4321", None, None),
        ("电话最后是5678", PHONE, None),  # the same digits: nothing changes
    ],
)
def test_corrected_tail(text: str, phone: str | None, expected: str | None) -> None:
    assert corrected_tail(text, phone) == expected
