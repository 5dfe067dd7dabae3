"""Newcomer trial 8, names (nlp/extract_person.py, nlp/extract.py): 俺叫/俺是, "im Jake",
老/小 and a surname, a bare name beside a contact but not beside a time, and the name after a
take-back inside one message."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.extract_person import familiar_name, name_taken_back
from tests.support import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("名字不对 俺叫赵铁柱 黄焖鸡是菜名", "赵铁柱"),
        ("俺是李大明", "李大明"),
        ("俺的名字叫孙丽", "孙丽"),
        ("俺是阳光花园的业主", None),  # 俺是, like 我是, introduces many things
        ("我是老王 13912345678", "老王"),
        ("我是老板", None),
        ("im Jake, 15900002222", "Jake"),
        ("im very angry about this", None),  # a weak introduction needs a capital
        ("name is Ben, ben@mail.com", "Ben"),
    ],
)
def test_introductions(text: str, name: str | None) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("饿了么点的 黄焖鸡 昨晚八点多", None),  # a dish beside a time
        ("黄焖鸡 300元", None),
        ("王建国 13511112222", "王建国"),  # beside a phone it is a name
        ("身份证号110101199003071234 王建国", "王建国"),
    ],
)
def test_a_bare_name_stands_beside_a_contact_not_a_time(text: str, name: str | None) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫李娜娜 名字写错了 是李娜", "李娜"),
        ("我叫王芳 打错了 应该是王方", "王方"),
        ("姓名张伟 不对 张炜", "张炜"),
        ("我叫王芳 写错了 是在朝阳店买的", "王芳"),  # what follows is no name
    ],
)
def test_the_name_after_a_take_back_wins(text: str, name: str) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("later", "name"),
    [
        ("是李娜", "李娜"),
        ("应该是老刘", "老刘"),
        ("李娜", "李娜"),
        ("是前天", None),
        ("马上", None),
    ],
)
def test_name_taken_back(later: str, name: str | None) -> None:
    assert name_taken_back(later) == name


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("老刘", True),
        ("小周", True),
        ("老欧阳", True),
        ("小米", False),
        ("小于", False),
        ("老师", False),
        ("老", False),
        ("老刘家", False),
    ],
)
def test_familiar_name(text: str, verdict: bool) -> None:
    assert familiar_name(text) is verdict
