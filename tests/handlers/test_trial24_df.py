"""Newcomer trial 24 (helper df): survey answers written as stars, with the reason beside a
low score, or with a problem nobody handled, read without a conversation
(handlers/followup.py)."""

from __future__ import annotations

import pytest

from handlers.followup import leading_score, survey_remark, tells_new_problem


@pytest.mark.parametrize(
    ("text", "score", "remark"),
    [
        (
            "⭐⭐⭐⭐ 退款挺快的 但是骑手骂人的事没人给我个交代",
            4,
            "退款挺快的 但是骑手骂人的事没人给我个交代",
        ),
        ("⭐️⭐️⭐️⭐️⭐️ 师傅很专业", 5, "师傅很专业"),
        ("★★★☆☆ 一般般吧 等太久了", 3, "一般般吧 等太久了"),
        ("🌟🌟 太慢了", 2, "太慢了"),
        ("4⭐ 速度还可以", 4, "速度还可以"),
        ("四颗星 处理得挺快", 4, "处理得挺快"),
        ("四顆星 處理得挺快", 4, "處理得挺快"),
        ("4 out of 5, took a while though", 4, "took a while though"),
        ("满分！师傅人很好", 5, "师傅人很好"),
        ("0分 根本没人来装", 1, "根本没人来装"),
        ("零分 根本没人来装", 1, "根本没人来装"),
    ],
)
def test_stars_and_other_forms_lead_a_score(text: str, score: int, remark: str) -> None:
    found = leading_score(text)
    assert found is not None
    assert found[0] == score
    assert found[2] == remark


@pytest.mark.parametrize(
    ("text", "remark"),
    [
        ("冰箱还没送来就说解决了？？一星", "冰箱还没送来就说解决了？？"),
        ("说好的今天上门 人影都没见到 给两分", "说好的今天上门 人影都没见到"),
        ("12月4号了还没送来 1星", "12月4号了还没送来"),
        (
            "still no fridge and you marked it resolved?? 1 star",
            "still no fridge and you marked it resolved??",
        ),
        ("等了一个礼拜才退款 ★★☆☆☆", "等了一个礼拜才退款"),
    ],
)
def test_the_words_before_a_score_are_its_remark(text: str, remark: str) -> None:
    assert survey_remark(text) == remark


@pytest.mark.parametrize(
    "text", ["一星", "零分", "⭐⭐⭐⭐", "★★★☆☆", "给4颗星吧", "满分", "4 out of 5", "4/5", "五星"]
)
def test_a_score_alone_has_no_remark(text: str) -> None:  # the comment or reason is asked
    assert survey_remark(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "退款挺快的 但是骑手骂人的事没人给我个交代",
        "东西不错 但是送货师傅摔东西的事到现在也没给个说法",
        "钱退了 可是店员骂人到现在也没道歉",
        "refund was quick but nobody apologized for the rude driver",
        "骑手骂人的事最后不了了之",
    ],
)
def test_a_matter_left_unanswered_is_a_new_problem(text: str) -> None:
    assert tells_new_problem(text) is not None


@pytest.mark.parametrize(
    "text", ["处理得有点慢", "师傅很专业 交代得很清楚", "客服说明得很清楚，谢谢"]
)
def test_a_comment_is_no_problem(text: str) -> None:  # guards
    assert tells_new_problem(text) is None


@pytest.mark.parametrize(
    "text",
    ["才3分钟就退款了 很满意", "一分钱都没退", "五星级酒店的服务", "零星几个问题", "两星期才修好"],
)
def test_minutes_money_and_classes_lead_no_score(text: str) -> None:  # guards
    assert leading_score(text) is None
