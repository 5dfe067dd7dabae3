"""Newcomer trial 21 (helper bb): short acknowledgements, promises to look, lacks and scores
inside words, read without a conversation (nlp/intent.py, handlers/followup.py)."""

from __future__ import annotations

import pytest

from handlers.followup import survey_remark
from nlp.intent import acknowledges_only, promises_material, says_lack, says_no_material


@pytest.mark.parametrize(
    "text", ["ok thx", "cool, thanks", "great thanks 👍", "嗯嗯 👍", "好的 收到", "got it, cheers"]
)
def test_acknowledgements_alone(text: str) -> None:
    assert acknowledges_only(text)


@pytest.mark.parametrize(
    "text",
    ["ok thx, when will the refund come?", "好的 订单号是JD88776655", "cool but it broke again"],
)
def test_more_than_an_acknowledgement(text: str) -> None:  # guards: something is said
    assert not acknowledges_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "好的",
        "好的 我找找",
        "稍等 我找一下",
        "ok will do",
        "收到 我回家翻一下发票 晚上发给你",
        "sure, give me a minute, let me find it",
    ],
)
def test_promises_to_look(text: str) -> None:
    assert promises_material(text)


@pytest.mark.parametrize(
    "text",
    [
        "稍等 我找一下 其实我当时是在朝阳门店买的",
        "订单号是JD88776655",
        "他们从来没回复过",
        "什么时候能好",
    ],
)
def test_not_a_promise(text: str) -> None:  # guards: material or a question
    assert not promises_material(text)


@pytest.mark.parametrize(
    "text",
    ["物业从来没发过收费单 我哪有照片", "他们根本没给过小票", "they never gave me a receipt"],
)
def test_never_given_is_no_material(text: str) -> None:
    assert says_no_material(text)


def test_never_without_material_is_no_lack() -> None:  # guard
    assert not says_lack("他们从来没回复过")


def test_lack_with_a_reference() -> None:
    assert says_lack("原件被柜台收走了 只有受理号 WX20240511")
    assert says_lack("the counter kept the original, I only have the ref number SZX3U12345")


@pytest.mark.parametrize(
    ("text", "remark"),
    [
        ("还行吧 给个3分 速度太慢", "还行吧 速度太慢"),
        ("满意 5星 但是等太久", "满意 但是等太久"),
        ("打个5分 师傅很专业", "师傅很专业"),
        ("3分 一般般 处理太慢了", "一般般 处理太慢了"),  # guard: unchanged
    ],
)
def test_score_inside_words_keeps_them(text: str, remark: str) -> None:
    assert survey_remark(text) == remark


@pytest.mark.parametrize("text", ["4分", "3分吧", "买了2台 3号送到"])
def test_no_remark(text: str) -> None:  # guards: a bare score, no score at all
    assert survey_remark(text) is None
