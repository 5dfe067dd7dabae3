"""Newcomer trial 17 (helper K): wish wordings end where another field begins, keep their
object, lose emoji and measure-word leftovers; English alternatives are wishes; remarks on
the evidence sent are no story."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.evidence_words import evidence_remark, nothing_more
from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 12)


@pytest.mark.parametrize(
    ("text", "wishes"),
    [
        ("我要求退货而且要赔偿我叫刘洋", (("refund", "退货"), ("compensation", "赔偿"))),
        ("赔偿我姓王", (("compensation", "赔偿"),)),
        ("退款名字王芳", (("refund", "退款"),)),
        ("退款哈哈哈", (("refund", "退款"),)),
        ("给个说法😡", (("other", "给个说法"),)),
        ("要个书面道歉", (("apology", "书面道歉"),)),
        ("来个道歉", (("apology", "道歉"),)),
        ("我们家的损失要赔", (("compensation", "我们家的损失要赔"),)),
        ("扣的我要求把多扣的钱退给我然后", (("refund", "把多扣的钱退给我"),)),
        ("compensation or a resend", (("compensation", "compensation"), ("exchange", "resend"))),
    ],
)
def test_wordings(text: str, wishes: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == wishes


@pytest.mark.parametrize(
    "text",
    [
        "thats the photo. nothing else",
        "就这些 没别的了",
        "照片就是这个",
        "That's all, thanks",
        "这是截图",
    ],
)
def test_evidence_remarks(text: str) -> None:
    assert evidence_remark(text)


@pytest.mark.parametrize(
    "text",
    [
        "照片拍的是门口",
        "the photo shows the crack",
        "that's the problem with your service",
        "这就是我要说的",
    ],
)
def test_no_evidence_remark(text: str) -> None:
    assert not evidence_remark(text)


def test_nothing_more() -> None:
    assert nothing_more("没别的了") and not nothing_more("照片就是这个")
