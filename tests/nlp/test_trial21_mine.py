"""Newcomer trial 21 (mine): a word that only ends in 退 is no refund wish.

"对了 你们外卖app也老是闪退" said at the summary was read as the wish 退 (the clause-final
退 of "寿司钱退"), and a message of wishes only is no story: it was answered "请回复选项前的
数字" and lost. 闪退 (an app crashing), 消退/减退 (going down), 倒退/后退, 撤退 are no money back.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.extract_text import first_chars

NOW = datetime(2026, 12, 1, 12, 0)


@pytest.mark.parametrize(
    "text",
    [
        "对了 你们外卖app也老是闪退",
        "小程序一直闪退",
        "你们的APP一打开就闪退",
        "孩子的烧到现在都没消退",
        "视力明显减退",
        "车子停坡上自己往后退",
        "排队的人都撤退了",
    ],
)
def test_a_word_ending_in_tui_is_no_refund(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # guards: a clause-final 退 is still money back
        ("不满意就退", "refund"),
        ("寿司钱退", "refund"),
        ("能退吗", "refund"),
        ("给我退", "refund"),
    ],
)
def test_guard_a_clause_final_tui_is_still_a_refund(text: str, kind: str) -> None:
    assert [k for k, _ in extract_fields(text, NOW).remedies] == [kind]


def test_first_chars_skips_a_leading_look_behind() -> None:
    assert first_chars("(?<![闪消])退(?=吗)|还钱") == "(?=[还退])"
