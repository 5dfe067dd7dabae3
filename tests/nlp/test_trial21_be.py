"""Newcomer trial 21 (helper be): verbs are no names, passives and money-first wishes."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.extract_person import looks_like_chinese_name

NOW = datetime(2026, 11, 22, 15, 0)


@pytest.mark.parametrize("text", ["查清楚", "查一下", "查明白", "严查", "包赔", "付钱", "管好"])
def test_a_verb_with_its_complement_is_no_name(text: str) -> None:
    assert not looks_like_chinese_name(text)


# Guards: names whose surname is also a verb, and ordinary names, are still names.
@pytest.mark.parametrize("text", ["王芳", "查伟", "付丽", "包小红", "李娜"])
def test_names_stay_names(text: str) -> None:
    assert looks_like_chinese_name(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("挂号费给我退了", "refund"),
        ("押金给我退了", "refund"),
        ("学费给我退回来", "refund"),
        ("运费给我赔了", "compensation"),
        ("把快递柜给我装回来", "other"),
        ("把路灯给我装上", "other"),
    ],
)
def test_wishes_read(text: str, kind: str) -> None:
    assert [k for k, _ in extract_fields(text, NOW).remedies] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "然后我的快递这周被退回去了三个 里面有药",
        "包裹被退回来了",
        "快递退回去了",
        "钱已经给我退了",
        "押金给我退了吗",
    ],
)
def test_what_was_done_is_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


# Guards: the usual refunds.
@pytest.mark.parametrize("text", ["要求把被盗刷的钱退回来", "把押金退了", "我要退款了", "钱退回来"])
def test_refunds_still_read(text: str) -> None:
    assert [k for k, _ in extract_fields(text, NOW).remedies] == ["refund"]
