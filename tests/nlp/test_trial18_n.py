"""Newcomer trial 18 (helper n): a place is a venue or an address phrase kept whole (a
landmark such as a car park or a hospital, a district with an estate, building and flat
written in parts, a district whose name the dictionary does not know), and a store named
after "bought … at" in English is the place."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _loaded() -> None:
    tokenizer.load()


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A landmark named by what it is after its own name: the whole is the place.
        ("是你们万象城地下停车场", "万象城地下停车场"),
        ("我刚才说了啊 万象城地下停车场", "万象城地下停车场"),
        ("在朝阳医院门口摔的", "朝阳医院"),
        ("阳光幼儿园接孩子的时候", "阳光幼儿园"),
        ("人民广场地铁站", "人民广场地铁站"),
        # A district the dictionary knows no word for goes on with the mall after it.
        ("上海闵行万象城", "上海闵行万象城"),
        # An address written in parts, one blank between them, traditional script too.
        ("地址是 天河區 華景新城 12棟 803", "天河區 華景新城 12棟 803"),
        ("朝阳区 阳光花园 3栋", "朝阳区 阳光花园 3栋"),
        ("华景新城12栋803", "华景新城12栋803"),
    ],
)
def test_a_venue_or_address_is_kept_whole(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A year after a building is no flat's number.
        ("阳光花园小区3栋 2024年买的房", "阳光花园小区3栋"),
        # A chain's branch after a blank stays the store's (not an address part).
        ("城东洗车店 建设路店", "城东洗车店建设路店"),
    ],
)
def test_what_follows_an_address_is_not_always_part_of_it(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("bought some chicken at walmart yesterday, it smelled bad when I opened it", "walmart"),
        ("we had dinner at pizza hut last night and got sick", "pizza hut"),
        ("I ordered a cake at sweet corner on Friday", "sweet corner"),
    ],
)
def test_a_store_after_bought_at_is_the_place(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    "text",
    [
        "I bought it at 3pm and it broke",
        "we ate at home and got sick",
        "bought it at the moment it opened",
        "I had it at night",
    ],
)
def test_at_a_time_or_home_is_no_place(text: str) -> None:
    assert extract_fields(text, NOW).place is None
