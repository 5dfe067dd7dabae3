"""How a customer gives the name to address them by: "叫我老王就行", "name is Tom Becker"
(nlp/extract_person.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 10, 0)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("叫我老王就行", "老王"),
        ("叫我小李吧", "小李"),
        ("喊我小周", "小周"),
        ("叫我老欧阳就好", "老欧阳"),
        ("好的 叫我老张吧 13912345678", "老张"),
        ("叫我孙女士就行", "孙女士"),
        # words that are no form of address
        ("叫我老师", None),
        ("叫我老公来处理", None),
        ("叫我小心点", None),
        ("叫我老王八蛋", None),
    ],
)
def test_called_name(text: str, name: str | None) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ok +86 13712345678, name is Tom Becker", "Tom Becker"),
        ("name is Tom Becker", "Tom Becker"),
        ("Full name is Anna Li.", "Anna Li"),
        ("my full name is Tom Becker", "Tom Becker"),
        # a thing's name is no person's
        ("the product name is Kettle Pro", None),
        ("the store name is Chaoyang", None),
    ],
)
def test_english_name_is(text: str, name: str | None) -> None:
    assert extract_fields(text, NOW).name == name
