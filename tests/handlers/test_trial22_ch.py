"""Newcomer trial 22 (helper ch): the words said at the name or contact question beside who
the customer is (handlers/story.py:words_beside_who) are what joins the account; the name,
the contact, fillers and facts already held never do."""

from __future__ import annotations

import pytest

from handlers.draft import Draft
from handlers.fields import FieldName
from handlers.story import without_questions, words_beside_who


def _draft(**values: str) -> Draft:
    draft = Draft(account="昨天的事")
    for name, value in values.items():
        setattr(draft, name, value)
    return draft


@pytest.mark.parametrize(
    ("text", "held", "kept"),
    [
        ("卡尾号是6217", {}, "卡尾号是6217"),
        (
            "我姓何 何建军 13366778899 急诊那个护士胸牌上是0375号",
            {"name": "何建军", "phone": "13366778899"},
            "急诊那个护士胸牌上是0375号",
        ),
        (
            "我叫冯晓 13688001122 房间号是8012",
            {"name": "冯晓", "phone": "13688001122"},
            "房间号是8012",
        ),
        ("刘先生 17788990011 没保价", {"name": "刘先生", "phone": "17788990011"}, "没保价"),
        (
            "那就姓陈吧 手机15921346688 订单号是 E20261118009 花了38块",
            {"name": "陈", "phone": "15921346688", "order_no": "E20261118009"},
            "花了38块",
        ),
        ("Kevin Zhang, 13800138000, room 8012", {"name": "Kevin Zhang"}, "room 8012"),
    ],
)
def test_ch_words_beside_who_are_kept(text: str, held: dict[str, str], kept: str) -> None:
    assert words_beside_who(_draft(**held), text, FieldName.NAME) == kept


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("我叫张伟 电话13800138000", {"name": "张伟", "phone": "13800138000"}),
        ("那就姓陈吧", {"name": "陈"}),
        ("叫我 Kevin 就行", {"name": "Kevin"}),
        ("Kevin啊 刚才说了", {"name": "Kevin"}),
        ("张伟 13800138000 微信同号", {"name": "张伟", "phone": "13800138000"}),
        ("张伟 加我微信 wxid_zw2024", {"name": "张伟"}),
        ("James Whitfield, 07700 900123", {"name": "James Whitfield"}),
        ("张伟 身份证110101199003071234", {"name": "张伟"}),
        ("张伟 wang123@qq.com", {"name": "张伟", "email": "wang123@qq.com"}),
        ("张伟 谢谢", {"name": "张伟"}),
    ],
)
def test_ch_answer_and_filler_add_nothing(text: str, held: dict[str, str]) -> None:
    assert words_beside_who(_draft(**held), text, FieldName.NAME) == ""


def test_ch_a_question_is_taken_out_of_what_was_told() -> None:
    assert without_questions("我已经打电话冻结了 但是钱怎么办") == "我已经打电话冻结了"
    assert without_questions("钱怎么办") == "钱怎么办"  # nothing else said: as it is
    assert without_questions("卡已经冻结了") == "卡已经冻结了"
