"""Newcomer trial 14 (helper P): wishes said as questions, read by their shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.intent import read_cues

NOW = datetime(2025, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("能赔偿吗", ("compensation", "赔偿")),
        ("可以退款不", ("refund", "退款")),
        ("能不能赔偿", ("compensation", "赔偿")),
        ("可不可以退款", ("refund", "退款")),
        ("退款可以吗", ("refund", "退款")),
        ("能退吗", ("refund", "退")),
        ("can I get compensation for this?", ("compensation", "compensation")),
        ("could you refund me?", ("refund", "refund")),
    ],
)
def test_a_wish_asked_as_a_question_is_the_wish(text: str, wanted: tuple[str, str]) -> None:
    assert extract_fields(text, NOW).remedies[0] == wanted


@pytest.mark.parametrize("text", ["他们不能退款", "没有退款", "已经退了吗", "不给退吗"])
def test_what_was_not_done_is_still_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


def test_a_request_folded_into_a_question_is_kept_as_a_request() -> None:
    cues = read_cues("能赔偿吗 多久能到")
    assert cues.rest == "" and [q.topic for q in cues.questions] == ["handling_time"]
    assert cues.requests == ("能赔偿吗",)
    assert read_cues("退款政策是什么 多久到账").requests == ()


@pytest.mark.parametrize(
    ("text", "store", "place"),
    [
        # a station or landmark near the hotel is where; the hotel is the object
        (
            "I stayed at the Hilton near Beijing West Station, the room was dirty",
            "Hilton",
            "Beijing West Station",
        ),
        ("Hilton Hotel Near Beijing West Station", "Hilton Hotel", "Beijing West Station"),
        # an English hotel brand after a Chinese place: the hotel, with its place
        ("上海外滩 Marriott的房间很脏", "上海外滩 Marriott", "上海外滩 Marriott"),
        ("住在北京望京的Holiday Inn", "北京望京的Holiday Inn", "北京望京的Holiday Inn"),
        # a venue named with its city is still one name (newcomer trial 10)
        ("Hilton Shanghai Pudong", "Hilton Shanghai Pudong", "Hilton Shanghai Pudong"),
    ],
)
def test_a_venue_brand_is_the_store(text: str, store: str, place: str) -> None:
    found = extract_fields(text, NOW)
    assert (found.store, found.place) == (store, place)


def test_a_landmark_named_with_a_city_is_no_store() -> None:
    found = extract_fields("I waited two hours at Beijing West Station", NOW)
    assert found.store is None and found.place == "Beijing West Station"


def test_a_stop_character_inside_a_name_does_not_cut_it() -> None:
    tokenizer.load()  # the app loads the dictionary at start-up; the rule reads it
    # 和 of 和睦家 is no "and" (newcomer trial 14: the clinic was "睦家诊所")
    assert extract_fields("好大夫app 和睦家诊所", NOW).store == "和睦家诊所"
    assert extract_fields("我和朋友在万达店吃饭", NOW).store == "万达店"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("自来水公司停水三天也不通知", "自来水公司"),
        ("燃气公司上门检查乱收费", "燃气公司"),
        ("供电局天天停电", "供电局"),
        ("我们小区的物业公司不管电梯坏了", "物业公司"),
        ("燃气灶坏了", "燃气灶"),
    ],
)
def test_a_utility_named_in_the_story_is_the_object(text: str, product: str) -> None:
    tokenizer.load()
    assert extract_fields(text, NOW).product == product
