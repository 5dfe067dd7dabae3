"""Addresses written in one run keep all their parts (newcomer trial: the place stopped at
its first suffix, "朝阳区望京西园三区" -> "朝阳区", "阳光花园5号楼2单元" -> "阳光花园5号楼"),
and what follows a place without being part of it stays out."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True, scope="module")
def _loaded() -> None:
    tokenizer.load()


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("我住朝阳区望京西园三区，物业不管电梯", "朝阳区望京西园三区"),
        ("阳光花园5号楼2单元的电梯坏了一周", "阳光花园5号楼2单元"),
        ("我家住在海淀区中关村南大街5号院3号楼 暖气不热", "海淀区中关村南大街5号院3号楼"),
        ("幸福小区3栋2单元501室楼上漏水", "幸福小区3栋2单元501室"),
        ("北京市朝阳区幸福小区的物业乱收费", "北京市朝阳区幸福小区"),
        ("上海市浦东新区张江镇停水三天", "上海市浦东新区张江镇"),
        # Not an address part: a verb, a particle or a direction word after the place.
        ("在朝阳区买的冰箱送到小区就坏了", "朝阳区"),
        ("朝阳区里面的店都这样", "朝阳区"),
        # English: abbreviations, and a city written right after the street.
        ("the cashier at Shanghai Nanjing Rd was rude", "Shanghai Nanjing Rd"),
        ("same store!! Nanjing Road, Shanghai", "Nanjing Road, Shanghai"),
    ],
)
def test_an_address_keeps_its_parts(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("text", "when"),
    [("11月5号在朝阳门店买的", "2026-11-05"), ("5号下午去的", "2026-11-05")],
)
def test_a_day_is_still_a_day(text: str, when: str) -> None:
    got = extract_fields(text, NOW).occurred_at
    assert got is not None and got.strftime("%Y-%m-%d") == when


def test_a_numbered_compound_is_no_day() -> None:
    """ "5号院" is a compound's number, not the 5th of the month."""
    got = extract_fields("海淀区中关村南大街5号院3号楼", NOW)
    assert got.occurred_at is None and got.place == "海淀区中关村南大街5号院3号楼"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # Newcomer trial 7: "路小区"; jieba reads 望 and 花 as verbs, a street's name is not words.
        ("地点是我家门口 朝阳区望花路小区", "朝阳区望花路小区"),
        ("朝阳区走路摔了一跤", "朝阳区"),
    ],
)
def test_a_street_name_is_not_read_word_by_word(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place
