"""Re-trial 23 (mine): words beside a name or phone that are no fact of the story."""

import pytest

from handlers.draft import Draft
from handlers.story import words_beside_who


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("我姓郑 电话是一三九 一二三四 五六七八", "name"),  # the phone said in words
        ("幺三八 一二三四 五六七八", "contact"),
        ("1", "contact"),  # a choice typed at the wrong moment
        ("2", "name"),
    ],
)
def test_nothing_beside_who(text: str, field: str) -> None:
    draft = Draft(name="郑", phone="13912345678")
    assert words_beside_who(draft, text, field) == ""


@pytest.mark.parametrize(
    ("text", "name", "phone", "kept"),
    [
        ("我叫冯晓 13688001122 房间号是8012", "冯晓", "13688001122", "房间号是8012"),
        ("刘先生 17788990011 没保价", "刘先生", "17788990011", "没保价"),
        ("郑先生 住的12楼", "郑先生", None, "住的12楼"),
    ],
)
def test_facts_beside_who_kept(text: str, name: str, phone: str | None, kept: str) -> None:
    draft = Draft(name=name, phone=phone)
    assert kept in words_beside_who(draft, text, "name")
