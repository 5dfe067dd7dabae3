"""Newcomer trial 24 (helper de): the remedy (诉求) read with story words, parts lost or
coded wrongly (nlp/extract_remedy.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from handlers.answer_wishes import unread_wishes
from nlp.extract import extract_fields

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # What the customer told the shop before is the story, no wish now.
        ("我就说修一下", []),
        ("我只说修一下 结果给我剃了一半", []),
        ("我明明说的是修一下", []),
        # A change of the person serving them is no goods exchange.
        ("教练要换人", [("other", "教练要换人")]),
        ("要求换老师", [("other", "换老师")]),
        ("换个教练", [("other", "换个教练")]),
        ("换货", [("exchange", "换货")]),
        # A wish asked as a question keeps its words whole.
        ("请問可以換新的嗎？", [("exchange", "換新")]),
        ("請問可以換新的嗎？", [("exchange", "換新")]),
        ("请问可以退款吗", [("refund", "退款")]),
        ("請問能不能退款", [("refund", "退款")]),
        # Who is to grant the next wish belongs to it, not to the wish before.
        ("我要全额退款加骑手道歉", [("refund", "全额退款"), ("apology", "骑手道歉")]),
        ("退钱和店员道歉", [("refund", "退钱"), ("apology", "店员道歉")]),
        ("赔偿再加经理道歉", [("compensation", "赔偿"), ("apology", "经理道歉")]),
        # Words of time before a wish are no part of it.
        ("现在想退卡 前台说不能退", [("refund", "退卡")]),
        ("目前只想退款", [("refund", "退款")]),
        # A typo of 没 (每) tells what did not happen; 换台新的 is an exchange.
        ("修了三次都每修好我要求换台新的", [("exchange", "换台新的")]),
        ("修了三次都没修好 我要求换台新的", [("exchange", "换台新的")]),
        ("我要换部新的", [("exchange", "换部新的")]),
        # The difference back is money back.
        (
            "apology and the difference back",
            [("apology", "apology"), ("refund", "the difference back")],
        ),
        ("I want the difference back.", [("refund", "the difference back")]),
    ],
)
def test_wishes_read(text: str, wanted: list[tuple[str, str]]) -> None:
    assert list(extract_fields(text, NOW).remedies) == wanted


@pytest.mark.parametrize(
    "text",
    [
        "我要退款 唔該",
        "我要退款 唔该",
        "退款 多谢",
        "退款 麻烦你们了",
        "退款 谢谢你们",
        "refund thanks a lot",
        # What someone else said is the story, no wish
        "现在想退卡 前台说不能退",
        "退款 客服说不行",
        "我要退钱 他们说要等领导批",
    ],
)
def test_no_unread_wish(text: str) -> None:
    found = extract_fields(text, NOW)
    assert found.remedies
    assert unread_wishes(text, found) == []


def test_a_wish_beside_a_role_is_still_a_wish() -> None:
    text = "退款 冻结账户"
    assert unread_wishes(text, extract_fields(text, NOW)) == ["冻结账户"]
