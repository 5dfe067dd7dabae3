"""Newcomer trial 24 (helper dg): names and Hong Kong mobiles read unevenly; a number the
bot refused kept whole where the contact is masked."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from nlp.extract import extract_fields
from nlp.extract_refs import hong_kong_hint
from storage.masking import mask_text

NOW = datetime(2026, 11, 22, 10, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("電話係 5123 4567", "+85251234567"),
        ("我嘅電話 6123 4567", "+85261234567"),
        ("手機 8123 4567，喺旺角", "+85281234567"),
        ("電話係 4612 3456 唔該", "+85246123456"),
        ("聯絡電話 9123 4567，我喺銅鑼灣", "+85291234567"),
        ("電話 7123 4567 唔該", "+85271234567"),
    ],
)
def test_hong_kong_mobiles_read_alike_with_a_hong_kong_hint(text: str, phone: str) -> None:
    assert extract_fields(text, NOW, traditional=True).phone == phone


@pytest.mark.parametrize("text", ["電話係 5123 4567", "我唔知", "佢話冇貨"])
def test_cantonese_words_are_a_hong_kong_hint(text: str) -> None:
    assert hong_kong_hint(text)


@pytest.mark.parametrize("text", ["我們的關係很好", "台北信義店", "聯係客服"])
def test_words_of_taiwan_or_mandarin_are_no_hint(text: str) -> None:
    assert not hong_kong_hint(text)


def test_a_macau_customers_eight_digits_are_not_read_as_hong_kong() -> None:
    found = extract_fields("我喺澳門新馬路店買嘅，電話係 6612 3456", NOW, traditional=True)
    assert found.phone != "+85266123456"


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("電話係 5123 4567 網上買嘅", "5123 4567"),
        ("my phone 7700 900123, call after 6", "7700 900123"),
        ("手机号 6612 3456", "6612 3456"),
        ("phone: 0912 345 678", "0912 345 678"),
    ],
)
def test_a_labelled_number_without_its_code_is_masked_in_free_text(text: str, whole: str) -> None:
    masked = mask_text(text)
    assert whole not in masked
    assert whole[-4:].replace(" ", "") in masked.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫 Kevin 张，电话13812345678，昨天在朝阳店买的耳机坏了", "Kevin 张"),
        ("我叫Kevin張，手機13812345678", "Kevin張"),
        ("名字 David Wu，電話 0933-222-111，11月20日在你們高雄店買的吹風機", "David Wu"),
        ("Hi, Lucas here. my order from your Tmall store never arrived", "Lucas"),
        ("我性刘，手机13812345678", "刘"),
    ],
)
def test_names_said_in_their_frames(text: str, name: str) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    "text",
    [
        "Nobody here. I waited an hour at your Sanlitun store",
        "Nothing here works, Everyone here lied",
    ],
)
def test_nobody_here_is_no_name(text: str) -> None:
    assert extract_fields(text, NOW).name is None
