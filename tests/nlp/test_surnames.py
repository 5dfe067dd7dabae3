"""A surname given alone: "我姓周", "免贵姓周", a bare "刘" at the name question
(nlp/extract_person.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlp.extract import extract_fields
from nlp.extract_person import is_surname

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我姓周，18912345678", "周"),
        ("免贵姓周", "周"),
        ("本人姓欧阳，手机13812345678", "欧阳"),
        ("姓周", "周"),
        ("免贵姓周，女士", "周女士"),
        ("我姓周先生", "周先生"),
        ("我叫王芳", "王芳"),  # a full name still wins
        ("老百姓的钱被骗了", None),  # 姓 inside another word
        ("我姓周的朋友介绍来的", None),  # more words follow: no name given
    ],
)
def test_a_surname_introduced_is_the_name(text: str, name: str | None) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("text", "alone"),
    [("刘", True), ("欧阳", True), (" 周 ", True), ("还要", False), ("不", False), ("王芳", False)],
)
def test_is_surname(text: str, alone: bool) -> None:
    assert is_surname(text) is alone
