"""Newcomer trial 20 (helper aa): requests for a person addressed to us only, remedies said
with 把, "不是X" turning a wish down, and a product's model code kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.extract_remedy import find_remedies, refused_remedies
from nlp.intent import read_cues

NOW = datetime(2026, 12, 1, 10, 0)


def _wishes(text: str) -> list[tuple[str, str]]:
    return [(r.key, text[r.start : r.end]) for r in find_remedies(text)]


@pytest.mark.parametrize(
    "text",
    [
        "找客服一直踢皮球",
        "找人工客服也没用",
        "人工客服根本不理人",
        "人工客服怎么一直不接？",
        "买的iphone15 顺风 单号SF1234567890123  找客服一直踢皮球🙄",
    ],
)
def test_their_customer_service_in_a_story_is_no_request(text: str) -> None:
    cues = read_cues(text)
    assert not any(q.topic == "human" for q in cues.questions)
    assert cues.rest.strip()


# guards: requests addressed to us stay requests
@pytest.mark.parametrize(
    "text", ["转人工", "我要找人工客服", "能不能转人工？", "我要人工", "找客服", "让客服来跟我说"]
)
def test_a_request_for_a_person_is_still_one(text: str) -> None:
    assert [q.topic for q in read_cues(text).questions] == ["human"]


def test_a_request_keeps_the_reference_said_before_it() -> None:
    cues = read_cues("订单号20261234 转人工")
    assert [q.topic for q in cues.questions] == ["human"]
    assert "20261234" in cues.rest


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("把押金退了", [("refund", "把押金退了")]),
        ("把检查费退了", [("refund", "把检查费退了")]),
        ("把积分补上", [("compensation", "把积分补上")]),
        ("把差价补给我", [("compensation", "把差价补给我")]),
        ("把会员费还给我", [("refund", "把会员费还给我")]),
        ("把手机换了", [("exchange", "把手机换了")]),
        ("赶紧把空调修一下", [("repair", "把空调修一下")]),
        ("给我把钱退了", [("refund", "把钱退")]),
        (
            "希望医院给个解释然后把不必要的检查费退了",
            [("other", "医院给个解释"), ("refund", "把不必要的检查费退了")],
        ),
    ],
)
def test_a_ba_construction_is_a_remedy_with_its_object(
    text: str, wanted: list[tuple[str, str]]
) -> None:
    assert _wishes(text) == wanted


# guards: what someone did with 把 is the story
@pytest.mark.parametrize(
    "text", ["我把东西退了 钱还没到", "我们已经把货退了", "快递员把包裹退了回去", "严格把关"]
)
def test_a_ba_deed_is_no_remedy(text: str) -> None:
    assert _wishes(text) == []


def test_bu_shi_turns_the_wish_down_and_keeps_the_other() -> None:
    text = "诉求不对 不是退款 是把积分补上"
    assert _wishes(text) == [("compensation", "把积分补上")]
    assert refused_remedies(text) == ("refund",)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("买的iphone15 屏幕坏了", "iphone15"),
        ("买的iPhone 15 Pro 屏幕坏了", "iPhone 15 Pro"),
        ("买的ipad air5 充不进电", "ipad air5"),
        ("买的iphone 3天就坏了", "iphone"),  # guard: a count is no model
    ],
)
def test_a_model_code_stays_with_the_product(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product
