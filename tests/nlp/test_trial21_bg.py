"""Newcomer trial 21 (helper bg): whether the bot is a person, giving up by weariness, a
given name said after the surname."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.intent import gives_up_plainly, may_give_up, read_cues

NOW = datetime(2026, 11, 22, 15)


@pytest.mark.parametrize(
    "text",
    [
        "你是真人还是机器人啊",
        "你是机器人吧",
        "你是AI吗",
        "is this a bot",
        "这是机器人回复的吧",
        "你是人还是机器人",
        "不是真人吧",
    ],
)
def test_asking_if_the_bot_is_a_person_is_the_identity_question(text: str) -> None:
    cues = read_cues(text)
    assert [q.topic for q in cues.questions] == ["identity"]
    assert cues.rest == ""


@pytest.mark.parametrize(
    "text", ["扫地机器人坏了", "昨天买的机器人还是坏的", "买的扫地机器人是坏的吧"]
)
def test_a_robot_bought_is_no_question(text: str) -> None:  # guard
    assert read_cues(text).questions == ()


@pytest.mark.parametrize(
    "text",
    [
        "不想弄了 没意思",
        "懒得弄了",
        "不搞了",
        "没意思 不投了",
        "forget it",
        "never mind",
        "唉 不想弄了吧",
    ],
)
def test_giving_up_by_weariness(text: str) -> None:
    assert gives_up_plainly(text)


@pytest.mark.parametrize("text", ["没意思", "太麻烦了", "不想弄了 你们自己看着办吧"])
def test_unsure_giving_up_is_asked_about(text: str) -> None:
    assert not gives_up_plainly(text) and may_give_up(text)


@pytest.mark.parametrize(
    "text", ["真没意思 这种店", "never mind, it was Tuesday", "蛋糕不新鲜", "啊", "好吧"]
)
def test_venting_and_corrections_give_nothing_up(text: str) -> None:  # guard
    assert not gives_up_plainly(text) and not may_give_up(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("姓欧阳 名字叫静 安静的静", "欧阳静"),
        ("姓诸葛 叫亮", "诸葛亮"),
        ("姓王 名字叫芳", "王芳"),
        ("我姓王，名芳", "王芳"),
        # guards: as before
        ("我姓汪，叫汪敏", "汪敏"),
        ("我姓周，18912345678", "周"),
        ("免贵姓周，女士", "周女士"),
    ],
)
def test_given_name_after_the_surname(text: str, name: str) -> None:
    assert extract_fields(text, NOW).name == name
