"""Newcomer trial 8: a wish's wording kept whole, no wish made up from the story, no claim
lost, and a change of mind read (nlp/extract_remedy.py, nlp/extract_time.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from nlp.extract import extract_fields
from nlp.extract_time import find_time

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=timezone(timedelta(hours=8)))


def remedies(text: str) -> list[tuple[str, str]]:
    return list(extract_fields(text, NOW).remedies)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("要求退一晚房费", [("refund", "退一晚房费")]),
        ("退两晚的房费吧", [("refund", "退两晚的房费")]),
        ("直接退保养费", [("refund", "退保养费")]),
        ("退3天的课时费", [("refund", "退3天的课时费")]),
        ("refund the 300 yuan and explain the charge", [("refund", "refund the 300 yuan")]),
        ("refund pls + compensation", [("refund", "refund"), ("compensation", "compensation")]),
        ("a refund please, thanks", [("refund", "refund")]),
        (
            "I want a replacement for my broken kettle",
            [("exchange", "replacement for my broken kettle")],
        ),
        ("I want my money back asap", [("refund", "money back")]),
        ("a partial refund because the room was dirty", [("refund", "partial refund")]),
    ],
)
def test_wording_is_whole_without_fillers(text: str, wanted: list[tuple[str, str]]) -> None:
    assert remedies(text) == wanted


@pytest.mark.parametrize("text", ["退了一晚房费", "前台说已经退过房费了"])
def test_a_refund_done_is_no_wish(text: str) -> None:
    assert remedies(text) == []


@pytest.mark.parametrize(
    "text",
    ["住了一晚", "要求退一晚房费", "退两晚房费", "住了3晚", "一晚上没睡"],
)
def test_nights_counted_are_no_time(text: str) -> None:
    assert find_time(text, NOW) is None


@pytest.mark.parametrize("text", ["昨天晚上", "昨晚", "周一晚上", "晚上8点", "一号晚上"])
def test_evenings_are_still_times(text: str) -> None:
    assert find_time(text, NOW) is not None


@pytest.mark.parametrize(
    "text",
    [
        "parts they didnt replace",
        "nobody came to fix it",
        "no one came to repair the heater",
        "they never repaired it",
        "the manager failed to apologise",
        "they refused to refund me",
        "they did not replace the screen",
        "the store hasn't refunded",
    ],
)
def test_what_did_not_happen_is_no_wish(text: str) -> None:
    found = extract_fields(text, NOW)
    assert found.remedies == ()
    assert found.remedies_refused == ()  # and takes no earlier wish back


def test_a_refusal_in_english_still_takes_a_wish_back() -> None:
    assert extract_fields("I don't want a refund any more", NOW).remedies_refused == ("refund",)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("医药费全赔 再精神损失费一万", [("compensation", "医药费全赔，精神损失费一万")]),
        ("赔偿医药费，另外误工费三百", [("compensation", "赔偿医药费，误工费三百")]),
        ("退款 还有交通费200元", [("refund", "退款"), ("compensation", "交通费200元")]),
        ("改成退保养费和赔拖车费", [("refund", "退保养费"), ("compensation", "赔拖车费")]),
        ("取消会员并退款", [("other", "取消会员"), ("refund", "退款")]),
        ("帮我取消订单，把钱退给我", [("other", "取消订单"), ("refund", "把钱退给我")]),
        ("cancel and refund, name is Ben", [("other", "cancel"), ("refund", "refund")]),
        ("cancel my subscription", [("other", "cancel my subscription")]),
    ],
)
def test_no_claim_is_lost(text: str, wanted: list[tuple[str, str]]) -> None:
    assert remedies(text) == wanted


@pytest.mark.parametrize("text", ["订单被取消了", "my booking was cancelled", "运费10元太贵"])
def test_no_claim_is_made_up(text: str) -> None:
    assert remedies(text) == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("fix it for free or refund the 2000… actually just refund", ["refund"]),
        ("partial refund, or maybe free night next time. actually refund only.", ["refund"]),
        ("I want a refund, actually just an apology", ["apology"]),
        ("算了 不用重新保养了 直接退保养费 拖车费照样赔", ["refund", "compensation"]),
        ("换货吧，算了直接退款", ["refund"]),
    ],
)
def test_a_change_of_mind_keeps_what_follows(text: str, kinds: list[str]) -> None:
    found = extract_fields(text, NOW)
    assert [key for key, _ in found.remedies] == kinds
    assert found.remedies_only


@pytest.mark.parametrize(
    "text", ["退款，另外还要道歉", "I want a refund, actually also an apology", "算了", "算了吧"]
)
def test_no_change_of_mind(text: str) -> None:
    assert not extract_fields(text, NOW).remedies_only


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("算了 不用重新保养了 直接退保养费", ("重新保养",)),
        ("不用当面赔礼了 赔钱就行", ("当面赔礼",)),
        ("不需要再上门了", ("上门",)),
        ("退款", ()),
    ],
)
def test_wishes_taken_back_in_their_words(text: str, words: tuple[str, ...]) -> None:
    assert extract_fields(text, NOW).wishes_refused == words
