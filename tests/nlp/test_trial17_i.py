"""Newcomer trial 17 (helper i): traditional characters are read as their simplified forms,
every one of them (not a table of a few hundred), with values still quoted as typed; and the
function words, question words and forms of address of written Cantonese are read."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources

import opencc
import pytest

from handlers.evidence_words import evidence_later, names_evidence, says_none
from nlp import tokenizer
from nlp.classifier import Classifier
from nlp.extract import extract_fields
from nlp.extract_person import is_surname, looks_like_chinese_name, standalone_name
from nlp.extract_text import normalise
from nlp.features import normalise as classifier_form
from nlp.intent import read_cues
from nlp.script import simplified

NOW = datetime(2026, 5, 10, 15, 0)

# Complaints written for this test in simplified, across trades; each is also read in Taiwan's
# and Hong Kong's traditional writing (OpenCC s2tw / s2hk).
SIMPLIFIED = [
    "我在你们虾皮买了一台吹风机 用了两次就冒烟 还有烧焦味 吓死我了",
    "昨天晚上在你们信义区的门市买的耳机 左边没有声音 要求退货",
    "外卖员态度很恶劣 饭菜洒了一地 我要退款",
    "热水器漏电 我儿子被电到了 你们要负责",
    "电梯困人半个小时 物业一直没人处理",
    "银行多扣了我一笔手续费 五百块 请退还",
    "在铜锣湾分行办的信用卡 被乱扣年费",
    "健身房的教练强迫我买私教课 不买就冷嘲热讽",
]
WRITINGS = ("s2tw", "s2hk")


def _traditional(text: str, config: str) -> str:
    return str(opencc.OpenCC(config).convert(text))


@pytest.mark.parametrize("config", WRITINGS)
@pytest.mark.parametrize("said", SIMPLIFIED)
def test_traditional_reads_as_its_simplified_form(said: str, config: str) -> None:
    written = _traditional(said, config)
    assert written != said
    assert len(normalise(written)) == len(written)
    assert normalise(written) == normalise(said)
    assert classifier_form(written) == classifier_form(said)


@pytest.mark.parametrize("config", WRITINGS)
@pytest.mark.parametrize("said", SIMPLIFIED)
def test_traditional_finds_the_same_fields_quoted_as_typed(said: str, config: str) -> None:
    written = _traditional(said, config)
    plain, trad = extract_fields(said, NOW), extract_fields(written, NOW)
    for field in ("product", "place", "store", "company", "time_text"):
        value, typed = getattr(plain, field, None), getattr(trad, field, None)
        assert (value is None) == (typed is None), field
        if typed is not None:
            assert typed in written, field  # the customer's own characters
            assert normalise(typed) == normalise(value), field


def test_the_hair_dryer_is_the_object_as_typed() -> None:
    found = extract_fields("我在你們蝦皮買了一台吹風機", NOW)
    assert found.product == "吹風機"


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    tokenizer.load()
    return Classifier.load()


@pytest.mark.parametrize("config", WRITINGS)
@pytest.mark.parametrize("said", SIMPLIFIED)
def test_the_classifier_reads_traditional_as_simplified(
    classifier: Classifier, said: str, config: str
) -> None:
    plain, trad = classifier.classify(said), classifier.classify(_traditional(said, config))
    assert (trad.category, trad.severity) == (plain.category, plain.severity)


@pytest.mark.parametrize(
    "said",
    ["用了兩次就冒煙 還有燒焦味", "插座著火了", "熱水器漏電", "電梯困人"],
)
def test_safety_words_in_traditional_are_urgent(classifier: Classifier, said: str) -> None:
    assert classifier.classify(said).severity == "urgent"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("插座著火了", "插座着火了"),
        ("開著開著就熄火", "开着开着就熄火"),
        ("這是著名品牌", "这是著名品牌"),  # 著 of 著名 stays
        ("我們的著作", "我们的著作"),
    ],
)
def test_taiwan_zhe_is_read_by_its_word(said: str, read: str) -> None:
    assert simplified(said) == read


@pytest.mark.parametrize("said", ["我的订单号是JD123 快递三天没到", "hello 13812345678", "好的"])
def test_simplified_text_skips_the_conversion(said: str) -> None:
    assert simplified(said) is said


def test_every_example_in_traditional_keeps_its_length() -> None:
    """Spans found in the folded copy cut the original: the fold never changes a length."""
    lines = resources.files("nlp.data").joinpath("examples.jsonl").read_text(encoding="utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]
    for config in WRITINGS:
        converter = opencc.OpenCC(config)
        for text in texts:
            written = str(converter.convert(text))
            assert len(normalise(written)) == len(written)


# Written Cantonese: function words, question words and times read as Mandarin.


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("頭先叫咗個外賣", "刚才叫了个外卖"),
        ("要幾耐先有人覆我", "要多久才有人复我"),
        ("幾時先有人理", "何时才有人理"),
        ("點解仲未退錢", "为啥还没退钱"),
        ("而家仲要等幾多日", "现在还要等多少日"),
        ("俾人扣咗錢", "给人扣了钱"),
        ("等咗成個鐘", "等了成小时"),
        ("唔啱", "不对"),
        ("仲裁", "仲裁"),  # Mandarin's arbitration keeps its 仲
    ],
)
def test_cantonese_words_are_read_as_mandarin(said: str, read: str) -> None:
    assert normalise(said) == read


@pytest.mark.parametrize(
    "said",
    ["幾時可以處理好？", "要幾耐先有人覆我", "幾耐先處理好", "你哋幾時會回覆", "何时可以处理好"],
)
def test_when_and_how_long_in_cantonese_ask_the_handling_time(said: str) -> None:
    assert [q.topic for q in read_cues(said).questions] == ["handling_time"]


def test_just_now_in_cantonese_is_a_time() -> None:
    found = extract_fields("頭先叫咗個外賣", NOW)
    assert (found.occurred_text, found.occurred_at) == ("頭先", NOW)


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("陳生", "陳生"),
        ("黃太", "黃太"),
        ("陈太太", "陈太太"),
        ("我係陳生", "陳生"),
        ("陳生 +852 9123 4567", "陳生"),
        ("歐陽生", "歐陽生"),
    ],
)
def test_surname_and_cantonese_title_is_a_name(said: str, name: str) -> None:
    assert extract_fields(said, NOW).name == name


@pytest.mark.parametrize("said", ["陈生气了", "王太忙了", "价格高太离谱"])
def test_sheng_and_tai_inside_words_are_no_title(said: str) -> None:
    assert extract_fields(said, NOW).name is None


@pytest.mark.parametrize("said", ["陳生", "黃太", "陳大文", "歐陽娜娜", "劉", "張", "鄭女士"])
def test_traditional_surnames_are_surnames(said: str) -> None:
    assert looks_like_chinese_name(said) or is_surname(said)


def test_a_traditional_name_stands_alone_as_its_simplified_form() -> None:
    assert standalone_name("陳大文") == standalone_name("陈大文")
    assert not standalone_name("張教練")  # the staff, as 张教练


@pytest.mark.parametrize("said", ["冇截圖", "冇相", "冇錄音", "暫時冇截圖"])
def test_cantonese_none_of_the_evidence(said: str) -> None:
    assert says_none(said)
    assert evidence_later(said)


@pytest.mark.parametrize("said", ["截圖", "錄音", "有影片", "聊天記錄"])
def test_evidence_words_in_traditional(said: str) -> None:
    assert names_evidence(said)
