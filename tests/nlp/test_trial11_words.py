"""Wishes newcomer trial 11 saw dropped beside others: 检修, 找回, a thing wanted back."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        (
            "我要你们给个说法 免费检修 还要赔偿",
            (("other", "给个说法"), ("repair", "免费检修"), ("compensation", "赔偿")),
        ),
        ("找回行李 找不到就赔", (("other", "找回行李"), ("compensation", "赔"))),
        ("I need my card back asap", (("other", "my card back"),)),
        (
            "please find my luggage and compensate",
            (("other", "find my luggage"), ("compensation", "compensate")),
        ),
    ],
)
def test_every_wish_is_read(text: str, remedies: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == remedies


@pytest.mark.parametrize(
    "text",
    ["行李找回来了 但是坏了", "检修了三次还是坏", "去了检修点问", "my card came back broken"],
)
def test_what_happened_is_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()
