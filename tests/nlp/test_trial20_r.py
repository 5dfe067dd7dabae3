"""Newcomer trial 20 (helper r): several remedies in one phrase.

"我想要个说法让她给我道歉" was read as the wish "要个说法让她给我" and "道歉": the causer and
the one to apologise (让她给我) belong to the apology, not to the wish before it. "给我个说法
退钱" lost 说法: only a few wordings of asking for an account (给个说法, 要个说法) were known,
and 说法 itself made the wishes after it the story (说 read as someone saying it).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 12)


@pytest.mark.parametrize(
    ("text", "wishes"),
    [
        # the reported two
        ("我想要个说法让她给我道歉", (("other", "要个说法"), ("apology", "道歉"))),
        ("给我个说法 退钱", (("other", "给我个说法"), ("refund", "退钱"))),
        # the causer and its agent open the next wish, whatever the first one is
        ("给个说法让他们赔钱", (("other", "给个说法"), ("compensation", "赔钱"))),
        ("要个说法再让他们退钱", (("other", "要个说法"), ("refund", "退钱"))),
        ("我要退款叫经理道歉", (("refund", "退款"), ("apology", "经理道歉"))),
        ("要求换货让快递员道歉", (("exchange", "换货"), ("apology", "快递员道歉"))),
        ("维修好再让他们补偿", (("repair", "维修好"), ("compensation", "补偿"))),
        ("给个说法要求店员道歉", (("other", "给个说法"), ("apology", "店员道歉"))),
        ("道歉并要求赔偿", (("apology", "道歉"), ("compensation", "赔偿"))),
        ("要个说法再给我道歉", (("other", "要个说法"), ("apology", "道歉"))),
        ("要个说法 叫她道歉", (("other", "要个说法"), ("apology", "道歉"))),
        ("把钱退给我让她道歉", (("refund", "把钱退给我"), ("apology", "道歉"))),
        # asked, the 好/行 of 好吗/行吗 is no part of the wish
        ("给我个说法好吗", (("other", "给我个说法"),)),
        ("道歉行吗", (("apology", "道歉"),)),
        # asking for an account in other words, beside another wish
        ("给我个说法并赔偿", (("other", "给我个说法"), ("compensation", "赔偿"))),
        ("要个说法和赔偿", (("other", "要个说法"), ("compensation", "赔偿"))),
        ("我想讨个说法，让店长出来道歉", (("other", "讨个说法"), ("apology", "店长出来道歉"))),
        ("我要一个交代 退款", (("other", "要一个交代"), ("refund", "退款"))),
        ("退钱，还要给我们一个合理的解释", (("refund", "退钱"), ("other", "给我们一个合理的解释"))),
        ("必须给我个说法", (("other", "给我个说法"),)),
        ("讨说法", (("other", "讨说法"),)),
    ],
)
def test_several_wishes_in_one_phrase(text: str, wishes: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == wishes


@pytest.mark.parametrize(
    ("text", "wishes"),
    [
        # guards: these were read right before and stay so
        ("要求店员道歉", (("apology", "店员道歉"),)),
        ("让他们赔", (("compensation", "赔"),)),
        ("让她给我道歉", (("apology", "道歉"),)),
        ("给个说法", (("other", "给个说法"),)),
        ("必须道歉并赔偿", (("apology", "道歉"), ("compensation", "赔偿"))),
        ("退款加赔偿", (("refund", "退款"), ("compensation", "赔偿"))),
        ("要求他们道歉和退款", (("apology", "道歉"), ("refund", "退款"))),
        ("给个说法，再退钱", (("other", "给个说法"), ("refund", "退钱"))),
        ("I want an apology and a refund", (("apology", "apology"), ("refund", "refund"))),
        ("an apology plus a refund", (("apology", "apology"), ("refund", "refund"))),
        ("要求全额退款并赔偿医药费", (("refund", "全额退款"), ("compensation", "赔偿医药费"))),
        ("把多扣的钱退给我", (("refund", "把多扣的钱退给我"),)),
        # the story, not a wish
        ("他们说会给个说法", ()),
        ("到现在也没个说法", ()),
        ("一直不给个说法", ()),
        ("我要交代一下情况", ()),
    ],
)
def test_unchanged(text: str, wishes: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == wishes


def test_sums_stay_with_their_wishes() -> None:
    """Guard: money wishes keep their sums, and the amounts are read as before."""
    found = extract_fields("退款300元 再赔偿100元 给个说法", NOW)
    assert found.remedies == (
        ("refund", "退款300元"),
        ("compensation", "赔偿100元"),
        ("other", "给个说法"),
    )
    assert found.amounts == (Decimal(300), Decimal(100))
