"""Newcomer trial 11, the extractors alone: a course or class bought is a product, a chain's
or platform's name before a branch stays with it, a shop named by its kind is a store, an
English gym or ATM keeps its name and where it is, a known surname beside a phone is the
name, and a flight or train number is the booking's reference."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _loaded() -> Iterator[None]:
    tokenizer.load()  # brands and names are told by their tags
    yield


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("我报了你们的雅思培训班 交了8800", "雅思培训班"),
        ("报了个钢琴课", "钢琴课"),
        ("孩子的补习班老师换了三次", "补习班"),
        ("办的游泳卡 泳池一直不开", "游泳卡"),
    ],
)
def test_a_course_or_card_bought_is_the_product(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


@pytest.mark.parametrize(
    ("text", "store", "place"),
    [
        ("海底捞 西单店", "海底捞西单店", "海底捞西单店"),
        ("西贝 朝阳店 菜里有头发", "西贝朝阳店", "西贝朝阳店"),
        ("美团 望京店", "望京店", "美团望京店"),
        ("昨天 城东汽修", "城东汽修", "城东汽修"),
        # Unchanged: a chain and its branch, a store alone, a wish before a store
        ("如家酒店 北京西站店", "如家酒店北京西站店", "如家酒店北京西站店"),
        ("在你们西单店吃饭", "西单店", "西单店"),
        ("要退款 西单店", "西单店", "西单店"),
    ],
)
def test_a_name_before_a_branch_stays_with_it(text: str, store: str, place: str) -> None:
    found = extract_fields(text, NOW)
    assert (found.store, found.place) == (store, place)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I paid for a year at your Sanlitun gym and the coach never came", "Sanlitun gym"),
        ("ICBC ATM at Wudaokou, this morning around 9am", "ICBC ATM at Wudaokou"),
        ("The delivery from your Pudong store was wrong", "Pudong store"),
    ],
)
def test_an_english_venue_keeps_its_name(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("好吧 13566667777 林", "林"),
        ("林 13566667777", "林"),
        ("13566667777 欧阳", "欧阳"),
        ("王建国 13511112222", "王建国"),
        # Not a surname, or not standing alone beside the contact
        ("13566667777 好", None),
        ("好吧 13566667777", None),
        ("打 13566667777", None),
        ("13566667777 林总说的", None),
    ],
)
def test_a_surname_beside_the_phone_is_the_name(text: str, name: str | None) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("text", "order_no"),
    [
        ("CA1234 from beijing to shanghai, yesterday morning", "CA1234"),
        ("wait no it was CA1324", "CA1324"),
        ("坐的G123次高铁 晚点三小时", "G123"),
        ("3U8888航班取消了", "3U8888"),
        # No train word: a letter and digits are no train; a model name is no flight
        ("买的G7手机坏了", None),
        ("iPhone15屏幕碎了", None),
    ],
)
def test_a_flight_or_train_number_is_the_reference(text: str, order_no: str | None) -> None:
    assert extract_fields(text, NOW).order_no == order_no


def test_a_time_beside_the_card_is_the_time() -> None:
    found = extract_fields("招商银行信用卡 昨天晚上11点多", NOW)
    assert found.occurred_text == "昨天晚上11点"
