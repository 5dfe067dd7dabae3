"""Newcomer trial 20 (helper t): short words read by the order of events (pure readers)."""

from __future__ import annotations

import pytest

from handlers.answers import explicitly_confirms
from handlers.idle import ACKNOWLEDGEMENTS
from handlers.survey_correction import corrected_score
from handlers.words import normalise


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("给个三分吧", 3),
        ("改成4分", 4),
        ("还是给5星吧", 5),
        ("刚才按错了 是2", 2),
        ("不好意思点错了 应该是4分", 4),
        ("从5分改成3分", 3),
        ("打错了，两分", 2),
        ("sorry I meant 3", 3),
        ("actually make it 4 stars", 4),
        ("5星", 5),
    ],
)
def test_a_score_said_again_is_read(text: str, score: int) -> None:
    found = corrected_score(text)
    assert found is not None and found[0] == score


@pytest.mark.parametrize(
    "text",
    [
        "3天就修好了 挺快的",
        "师傅很专业",
        "2楼的电梯还是坏的",
        "挺好的 谢谢",
        "一共等了5天",
        "1台空调",
    ],
)
def test_a_comment_is_no_score(text: str) -> None:
    # guard: comments with numbers in them stay comments
    assert corrected_score(text) is None


def test_words_with_the_corrected_score_are_kept() -> None:
    found = corrected_score("改成2分 划痕根本没补好")
    assert found is not None and found[0] == 2 and "划痕根本没补好" in (found[1] or "")
    assert corrected_score("刚才按错了 是2") == (2, None)


@pytest.mark.parametrize(
    "text", ["确认", "提交", "没问题 提交吧", "对的 确认", "确认提交", "confirm", "looks good"]
)
def test_explicit_confirmations(text: str) -> None:
    assert explicitly_confirms(text)  # guard: these file even just after files


@pytest.mark.parametrize("text", ["好了", "好", "ok", "嗯", "行", "可以", "👍"])
def test_unclear_yes_words(text: str) -> None:
    assert not explicitly_confirms(text)


@pytest.mark.parametrize("text", ["1", "好", "ok", "收到", "好的", "嗯嗯", "知道了", "got it"])
def test_acknowledgements_after_filing(text: str) -> None:
    assert normalise(text) in ACKNOWLEDGEMENTS


@pytest.mark.parametrize("text", ["2", "还有一件事", "店员态度也很差"])
def test_no_acknowledgement(text: str) -> None:
    assert normalise(text) not in ACKNOWLEDGEMENTS
