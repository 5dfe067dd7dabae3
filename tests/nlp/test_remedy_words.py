"""Remedies in everyday words (nlp/extract_remedy.py): a new one sent or given is an
exchange, goods or money made good is compensation, money given back is a refund; an
invoice sent again is no remedy."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 10, 0)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("坏了就赔东西", ["compensation"]),
        ("赔个新的给我", ["exchange"]),
        ("赔一台新的", ["exchange"]),
        ("少了一件 给我补发", ["exchange"]),
        ("重新发一个过来", ["exchange"]),
        ("把钱还我", ["refund"]),
        ("钱还给我就行", ["refund"]),
        ("要求退款并赔偿医药费", ["refund", "compensation"]),
        ("补发票", []),
        ("发票重新发一份", []),
    ],
)
def test_remedy_kinds(text: str, kinds: list[str]) -> None:
    assert [key for key, _ in extract_fields(text, NOW).remedies] == kinds
