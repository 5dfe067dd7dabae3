"""Newcomer trial 22 (helper cc): the place and the staff member not read from what the
customer said: a chain in Latin letters with where its store is, a card's channel said bare,
a staff member after a branch in brackets, Cantonese 間 as a measure word, a store denied."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.extract_company import served_remotely
from tests.support import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _dictionary() -> None:
    tokenizer.load()  # as every start does: names are cut by their tags


@pytest.mark.parametrize(
    ("text", "store", "place"),
    [
        # a chain in Latin letters, then where its store is (blank or none between)
        ("我在apple store三里屯买的耳机 昨天坏了", "apple store", "apple store三里屯"),
        ("在Apple Store 三里屯 买的手机", "Apple Store", "Apple Store 三里屯"),
        ("在 ikea 望京 买的柜子 门掉了", "ikea", "ikea 望京"),
        ("在ikea望京买的柜子", "ikea", "ikea望京"),
        ("在zara 西单 买的外套", "zara", "zara 西单"),
        # with its branch word: one store, not cut at "&" or the blank
        ("在H&M三里屯店买的裤子", "H&M三里屯店", "H&M三里屯店"),
        ("在apple store三里屯店买的耳机", "apple store三里屯店", "apple store三里屯店"),
        # named alone: the store, its branch asked by the place question
        ("在H&M 买的裤子 开线了", "H&M", None),
        ("H&M 裤子开线了", "H&M", None),
        # in English: the branch named after it is kept; alone, its store is asked
        ("I bought a sofa at IKEA Wangjing", "IKEA Wangjing", "IKEA Wangjing"),
        (
            "the Starbucks at Guomao gave me cold coffee",
            "Starbucks at Guomao",
            "Starbucks at Guomao",
        ),
        ("I bought a sofa at IKEA", "IKEA", None),
        # guards: as before
        ("在优衣库西单大悦城店买的衣服", "优衣库西单大悦城店", "优衣库西单大悦城店"),
        ("上海外滩 Marriott 前台态度差", "上海外滩 Marriott", "上海外滩 Marriott"),
        ("在无印良品三里屯店买的", "无印良品三里屯店", "无印良品三里屯店"),
    ],
)
def test_cc_a_latin_chain_and_where_its_store_is(text: str, store: str, place: str | None) -> None:
    found = extract_fields(text, NOW)
    assert (found.store, found.place) == (store, place)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("我的信用卡昨天被盗刷了5000块 在网上", "网上（信用卡）"),
        ("信用卡被盗刷了 网上", "网上（信用卡）"),
        ("我的银行卡在网上被盗刷了", "网上（银行卡）"),
        ("储蓄卡 线上被扣了300", "网上（储蓄卡）"),
        # guards: a physical place wins; no channel said, no place
        ("信用卡在商场被盗刷了", "商场"),
        ("我的信用卡被盗刷了", None),
        ("网上买的衣服 质量很差", None),
    ],
)
def test_cc_a_cards_channel_said_bare_is_the_place(text: str, place: str | None) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("text", "staff", "place"),
    [
        ("威尔士健身（国贸店）的教练态度很差", "教练", "威尔士健身国贸店"),
        ("威尔士健身(国贸店)教练态度很差", "教练", "威尔士健身国贸店"),
        ("国贸店的私教老是迟到", "私教", "国贸店"),
        ("理发店的发型师把我头发剪坏了", "发型师", "理发店"),
        # guards: a course bought is no person; a title with its surname stays whole
        ("买了私教课 一节都没上", None, None),
        ("张教练态度很差", "张教练", None),
        ("物美超市（大钟寺店）的店员态度差", "店员", "物美超市大钟寺店"),
    ],
)
def test_cc_a_gyms_staff_is_read(text: str, staff: str | None, place: str | None) -> None:
    found = extract_fields(text, NOW)
    assert (found.staff, found.place) == (staff, place)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("旺角間分店啲店員好差", "旺角分店"),
        ("喺旺角間分店買嘅耳機 壞咗", "旺角分店"),
        ("沙田間店啲嘢好難食", "沙田店"),
        ("旺角嗰間分店", "旺角分店"),
        ("我喺銅鑼灣嗰間買嘅", "銅鑼灣"),
        # guards: 房间 is a room, not a measure word
        ("住的房间店员不打扫", None),
        ("我在望京那家买的手机", "望京"),
    ],
)
def test_cc_cantonese_measure_word_before_a_branch(text: str, place: str | None) -> None:
    assert extract_fields(text, NOW, traditional=True).place == place


@pytest.mark.parametrize(
    "text",
    ["it's a bill, there is no store", "no store, its my phone bill", "没有门店 就是话费"],
)
def test_cc_a_store_denied_is_no_store(text: str) -> None:
    found = extract_fields(text, NOW)
    assert found.store is None and found.place is None


@pytest.mark.parametrize(
    ("store", "said", "remote"),
    [
        ("China Mobile", "roaming fees", True),
        ("ICBC", "annual fee", True),
        ("中国移动", "话费", True),
        ("招行", "", True),
        ("平安保险", "理赔", True),
        # a line into the home asks its address; a chain or a kind named asks which store
        ("联通", "宽带三天没网了", False),
        ("海底捞", "", False),
        ("银行", "", False),
        ("H&M", "", False),
    ],
)
def test_cc_which_companies_serve_remotely(store: str, said: str, remote: bool) -> None:
    assert served_remotely(store, said) is remote
